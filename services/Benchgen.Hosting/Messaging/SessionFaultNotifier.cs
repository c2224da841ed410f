using System.Text.Json;
using Benchgen.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// Error-pipe filter: before a message is moved to its <c>_error</c> queue, find the session it belongs to (the
/// CorrelationId header, or a <c>sessionId</c> in the body even when the body is not a valid message) and publish
/// <see cref="SessionMessageFaulted"/> so the saga ends the session Failed with the reason instead of waiting for
/// the sweeper. Never throws: the message must still reach the error queue.
/// </summary>
public sealed class SessionFaultNotifier(IServiceProvider services) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        try
        {
            if (FromProducerExchange(context) is { } exchange)
            {
                // Producers may write these exchanges (bound to the saga's queue). A broken message from one names
                // whatever session id it likes: reporting it would let any producer fail another producer's session.
                services.GetService<ILogger<SessionFaultNotifier>>()?.LogWarning(
                    "A message published to {Exchange} could not be processed on {Address}; not reported to any session (producers cannot end sessions)",
                    exchange, context.InputAddress);
            }
            else if (Identify(context) is { } sessionId)
            {
                var reason = $"{context.Exception.GetType().Name}: {context.Exception.GetBaseException().Message}";
                var bus = services.GetRequiredService<IBus>();
                await bus.Publish(new SessionMessageFaulted(sessionId, context.InputAddress.AbsolutePath.Trim('/'),
                    reason.Length > 1000 ? reason[..1000] : reason, DateTime.UtcNow)).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            services.GetService<ILogger<SessionFaultNotifier>>()?.LogWarning(ex, "Could not report a faulted message on {Address}", context.InputAddress);
        }

        await next.Send(context).ConfigureAwait(false);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("sessionFaultNotifier");

    /// <summary>The exchanges a prompt producer may publish to (see scripts/rabbitmq-users.sh).</summary>
    public static readonly IReadOnlySet<string> ProducerExchanges = new HashSet<string>(StringComparer.Ordinal)
    {
        "Benchgen.Contracts:" + nameof(SubmitPrompt),
        "Benchgen.Contracts:" + nameof(PlanTask),
        "Benchgen.Contracts:" + nameof(GetSessionStatus),
    };

    /// <summary>The exchange a RabbitMQ delivery was published to, when it is one producers may write; else null.</summary>
    public static string? FromProducerExchange(ReceiveContext context) =>
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) && ProducerExchanges.Contains(delivery.Exchange)
            ? delivery.Exchange
            : null;

    /// <summary>The session a faulted message belongs to, or null; a faulted SessionMessageFaulted is never re-reported.</summary>
    public static Guid? Identify(ReceiveContext context)
    {
        byte[] body;
        try
        {
            body = context.Body.GetBytes();
        }
        catch
        {
            body = [];
        }

        var fromBody = IdentifyBody(body, out var isFaultReport);
        if (isFaultReport)
        {
            return null;
        }

        if (fromBody is not null)
        {
            return fromBody;
        }

        return context.TransportHeaders.TryGetHeader("CorrelationId", out var header) && Guid.TryParse(header?.ToString(), out var id) ? id : null;
    }

    public static Guid? IdentifyBody(ReadOnlySpan<byte> body, out bool isFaultReport)
    {
        isFaultReport = false;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (TryGet(root, "messageType", out var types) && types.ValueKind == JsonValueKind.Array &&
                types.EnumerateArray().Any(t => t.GetString()?.Contains(nameof(SessionMessageFaulted), StringComparison.Ordinal) == true))
            {
                isFaultReport = true;
                return null;
            }

            var message = TryGet(root, "message", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            if (TryGet(message, "sessionId", out var value) && Guid.TryParse(value.GetString(), out var id))
            {
                return id;
            }

            return TryGet(root, "correlationId", out var correlation) && Guid.TryParse(correlation.GetString(), out var cid) ? cid : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON at all: only the transport headers can tell.
            return null;
        }
    }

    static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
