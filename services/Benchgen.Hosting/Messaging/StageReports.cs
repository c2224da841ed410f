using Benchgen.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// Workers tell the saga when they take a stage's request (<see cref="StageStarted"/>), so the stage's deadline counts
/// from then and not from the time the request spent queued. Published straight on the bus, not through the consume
/// context: the in-memory outbox would hold it until the work is done. Best effort: a lost report only means the
/// session keeps its (longer) queue deadline. Pass the consume context's token: a stopping consumer does not report.
/// </summary>
public static class StageReports
{
    public static async Task ReportStartedAsync(this IPublishEndpoint? bus, ILogger? logger, Guid sessionId, string stage, int attempt, Guid nonce,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        if (bus is null || cancellationToken.IsCancellationRequested)
            return;
        try
        {
            // Bounded, and given up with the consumer: while the bus stops, a publish may not complete, and each queued
            // request handed to a stopping consumer must not wait the full bound for it.
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(10));
            await bus.Publish(new StageStarted(sessionId, stage, attempt, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime, nonce), bound.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger?.LogWarning("Session {SessionId}: could not report that stage {Stage} started ({Reason})", sessionId, stage, ex.GetBaseException().Message);
        }
    }
}
