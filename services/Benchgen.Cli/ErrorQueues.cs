using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Benchgen.Generation.Consumers;
using Benchgen.Hosting.Messaging;
using Benchgen.Persistence;
using Benchgen.PromptIntake.Sessions;
using Benchgen.Rendering;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Benchgen.Cli;

/// <summary>One message waiting in an <c>_error</c> queue, as MassTransit left it there.</summary>
public sealed record ErrorMessage(
    int Index, string? MessageId, Guid? SessionId, string? MessageType, string? ExceptionType, string? Reason, string? FaultedAt,
    bool Redelivered, int BodyBytes, string BodyPreview);

/// <summary>
/// <c>benchgen errors list|show|redrive</c>: what MassTransit moved to the <c>{queue}_error</c> queues of Benchgen's
/// endpoints, and putting those messages back on their queue once the cause is fixed. Plain AMQP (basic.get, publish
/// with confirms, ack), so it works on Debian's RabbitMQ without the management plugin.
/// </summary>
public sealed class ErrorQueues(Uri broker)
{
    public const string Suffix = "_error";

    /// <summary>The queues of Benchgen's endpoints (kebab-case names, as the services declare them).</summary>
    public static IReadOnlyList<string> KnownQueues()
    {
        var names = KebabCaseEndpointNameFormatter.Instance;
        return
        [
            names.Saga<GenerationSession>(),
            names.Consumer<GenerateScenarioConsumer>(),
            names.Consumer<PlanTaskConsumer>(),
            names.Consumer<ReviewScenarioConsumer>(),
            names.Consumer<RenderScenarioConsumer>(),
            names.Consumer<PersistAssetConsumer>(),
        ];
    }

    /// <summary>The message count of each existing error queue among <paramref name="queues"/> (error-queue names).</summary>
    public async Task<IReadOnlyList<(string Queue, uint Messages)>> ListAsync(IEnumerable<string> queues, CancellationToken ct)
    {
        await using var connection = await Connect(ct);
        var found = new List<(string, uint)>();
        foreach (var queue in queues)
        {
            // A passive declare of a missing queue closes the channel: one channel per probe.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                found.Add((queue, (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount));
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                // No such queue: that endpoint never faulted a message (or does not run here).
            }
        }

        return found;
    }

    /// <summary>Up to <paramref name="limit"/> messages of an error queue, left where they are (read, then requeued).</summary>
    public async Task<IReadOnlyList<ErrorMessage>> ShowAsync(string queue, int limit, CancellationToken ct)
    {
        await using var connection = await Connect(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var shown = new List<ErrorMessage>();
        try
        {
            for (var i = 0; i < limit; i++)
            {
                var got = await channel.BasicGetAsync(queue, autoAck: false, ct);
                if (got is null)
                    break;
                shown.Add(Describe(i + 1, got));
            }
        }
        finally
        {
            // Unacknowledged gets go back to the queue; nack them explicitly so the order is kept as far as RabbitMQ can.
            if (shown.Count > 0 && channel.IsOpen)
                await channel.BasicNackAsync(0, multiple: true, requeue: true, ct);
        }

        return shown;
    }

    /// <summary>
    /// Moves up to <paramref name="limit"/> messages from <c>{queue}_error</c> back to <c>{queue}</c>: each is published
    /// to the queue (default exchange, same body and properties, the MT-Fault-* headers dropped), confirmed by the broker,
    /// and only then acknowledged on the error queue, so a message is never lost (at worst it is on both).
    /// </summary>
    public async Task<int> RedriveAsync(string errorQueue, int limit, CancellationToken ct)
    {
        if (!errorQueue.EndsWith(Suffix, StringComparison.Ordinal) || errorQueue.Length == Suffix.Length)
            throw new ArgumentException($"'{errorQueue}' is not an error queue (<queue>{Suffix}).", nameof(errorQueue));
        var target = errorQueue[..^Suffix.Length];
        await using var connection = await Connect(ct);
        await using (var probe = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            try
            {
                await probe.QueueDeclarePassiveAsync(target, ct);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                throw new InvalidOperationException($"queue '{target}' does not exist: start the service that consumes it first", ex);
            }
        }

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var moved = 0;
        while (moved < limit)
        {
            var got = await channel.BasicGetAsync(errorQueue, autoAck: false, ct);
            if (got is null)
                break;
            var properties = new BasicProperties(got.BasicProperties);
            if (properties.Headers is { } headers)
            {
                var kept = headers.Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                    .ToDictionary(h => h.Key, h => h.Value);
                kept["MT-Redriven"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                properties.Headers = kept;
            }

            await channel.BasicPublishAsync("", target, mandatory: true, properties, got.Body, ct);
            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, ct);
            moved++;
        }

        return moved;
    }

    async Task<IConnection> Connect(CancellationToken ct) =>
        await new ConnectionFactory { Uri = broker, ClientProvidedName = "benchgen-errors" }.CreateConnectionAsync(ct);

    static ErrorMessage Describe(int index, BasicGetResult got)
    {
        var headers = got.BasicProperties.Headers ?? new Dictionary<string, object?>();
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;

        var body = got.Body.ToArray();
        var session = SessionFaultNotifier.IdentifyBody(body, out _)
                      ?? (Guid.TryParse(got.BasicProperties.CorrelationId ?? Header("CorrelationId"), out var c) ? c : null);
        string? type = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("messageType", out var types)
                && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                type = types[0].GetString();
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(body);
        var preview = new string(text.Take(200).Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray());
        return new ErrorMessage(index, got.BasicProperties.MessageId, session, type, Header("MT-Fault-ExceptionType"),
            Header("MT-Fault-Message") ?? Header("MT-Reason"), Header("MT-Fault-Timestamp"), got.Redelivered, body.Length, preview);
    }

    static readonly JsonSerializerOptions JsonLine = new(JsonSerializerDefaults.Web);

    /// <summary>The <c>errors</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var errors = new Command("errors", "Messages MassTransit moved to the _error queues: list them, show them, put them back on their queue.");
        Option<string?> Broker() => new("--broker") { Description = "The RabbitMQ broker (amqp://user:pass@host:port/vhost); default ConnectionStrings__RabbitMq." };
        Option<bool> Json() => new("--json") { Description = "One JSON object per line." };
        Option<int> Limit(int value) => new("--limit") { Description = $"At most this many messages (default {value}).", DefaultValueFactory = _ => value };

        var listBroker = Broker();
        var listJson = Json();
        var queues = new Option<string[]>("--queue") { Description = "An error queue to look at (repeatable); default: every Benchgen endpoint's." };
        var list = new Command("list", "Each error queue of Benchgen's endpoints that exists, and how many messages it holds.") { listBroker, listJson, queues };
        list.SetAction((r, ct) => Run(r.GetValue(listBroker), stderr, async q =>
        {
            var wanted = r.GetValue(queues) is { Length: > 0 } given ? given : KnownQueues().Select(n => n + Suffix).ToArray();
            foreach (var (queue, count) in await q.ListAsync(wanted, ct))
                stdout.WriteLine(r.GetValue(listJson) ? JsonSerializer.Serialize(new { queue, messages = count }, JsonLine) : $"{queue}  {count}");
            return 0;
        }));

        var showQueue = new Argument<string>("queue") { Description = "The error queue (e.g. generate-scenario_error)." };
        var showBroker = Broker();
        var showJson = Json();
        var showLimit = Limit(20);
        var show = new Command("show", "The messages of an error queue (left in it): session, message type, exception and reason.") { showQueue, showBroker, showJson, showLimit };
        show.SetAction((r, ct) => Run(r.GetValue(showBroker), stderr, async q =>
        {
            foreach (var m in await q.ShowAsync(r.GetValue(showQueue)!, Math.Clamp(r.GetValue(showLimit), 1, 1000), ct))
                stdout.WriteLine(r.GetValue(showJson)
                    ? JsonSerializer.Serialize(m, JsonLine)
                    : $"{m.Index,3}  session {m.SessionId?.ToString() ?? "?"}  {m.MessageType ?? "?"}  {m.ExceptionType ?? "?"}: {m.Reason ?? "(no reason header)"}");
            return 0;
        }));

        var redriveQueue = new Argument<string>("queue") { Description = "The error queue whose messages go back to their queue." };
        var redriveBroker = Broker();
        var redriveLimit = Limit(1000);
        var redrive = new Command("redrive", "Move messages from <queue>_error back to <queue> (publish confirmed, then removed from the error queue).") { redriveQueue, redriveBroker, redriveLimit };
        redrive.SetAction((r, ct) => Run(r.GetValue(redriveBroker), stderr, async q =>
        {
            var moved = await q.RedriveAsync(r.GetValue(redriveQueue)!, Math.Clamp(r.GetValue(redriveLimit), 1, 1_000_000), ct);
            stdout.WriteLine($"redriven: {moved} message(s) from {r.GetValue(redriveQueue)} to {r.GetValue(redriveQueue)![..^Suffix.Length]}");
            return 0;
        }));

        errors.Add(list);
        errors.Add(show);
        errors.Add(redrive);
        return errors;
    }

    static async Task<int> Run(string? broker, TextWriter stderr, Func<ErrorQueues, Task<int>> action)
    {
        var uri = broker ?? Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMq");
        if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "amqps"))
        {
            await stderr.WriteLineAsync("benchgen errors: give the broker with --broker amqp://user:pass@host:port/vhost (or ConnectionStrings__RabbitMq).");
            return 2;
        }

        try
        {
            return await action(new ErrorQueues(parsed));
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or InvalidOperationException or ArgumentException)
        {
            await stderr.WriteLineAsync($"benchgen errors: {ex.Message}");
            return 1;
        }
    }
}
