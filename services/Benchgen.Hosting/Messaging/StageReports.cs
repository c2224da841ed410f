using Benchgen.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// Workers tell the saga when they take a stage's request (<see cref="StageStarted"/>), so the stage's deadline counts
/// from then and not from the time the request spent queued. Published straight on the bus, not through the consume
/// context: the in-memory outbox would hold it until the work is done. Best effort: a lost report only means the
/// session keeps its (longer) queue deadline.
/// </summary>
public static class StageReports
{
    public static async Task ReportStartedAsync(this IPublishEndpoint? bus, ILogger? logger, Guid sessionId, string stage, int attempt, Guid nonce,
        TimeProvider? time = null)
    {
        if (bus is null)
            return;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await bus.Publish(new StageStarted(sessionId, stage, attempt, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime, nonce), bound.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger?.LogWarning("Session {SessionId}: could not report that stage {Stage} started ({Reason})", sessionId, stage, ex.GetBaseException().Message);
        }
    }
}
