using Benchgen.Hosting.Faults;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Benchgen.PromptIntake.Apis;

/// <summary>The broker did not take a publish within <c>Messaging:PublishTimeoutSeconds</c> (down, blocked or unreachable).</summary>
public sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Publishing from the intake API with a deadline: MassTransit waits for a lost broker connection for as long as the
/// caller lets it, so without one a POST hangs until the client gives up. Past the deadline (or on a transient transport
/// failure) the API answers 503 with a ProblemDetails and <c>Retry-After</c>.
/// </summary>
public static class BrokerPublishing
{
    public const int RetryAfterSeconds = 30;

    public static async Task PublishWithin<T>(this IPublishEndpoint publisher, T message, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // WaitAsync too: a publish that ignores its token still cannot hold the request past the deadline.
            await publisher.Publish(message, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnavailableException($"the message broker did not accept the submission within {timeout.TotalSeconds:0.#} s", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && TransientFaults.IsTransient(ex))
        {
            throw new BrokerUnavailableException($"the message broker is unavailable ({TransientFaults.Describe(ex)})", ex);
        }
    }

    public static TimeSpan PublishTimeout(MessagingOptions options) => TimeSpan.FromSeconds(Math.Max(0.1, options.PublishTimeoutSeconds));

    /// <summary>503 ProblemDetails, with <c>Retry-After</c> set on the response.</summary>
    public static ProblemHttpResult Unavailable(HttpContext context, string detail, IDictionary<string, object?>? extensions = null)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unavailable", extensions: extensions);
    }
}
