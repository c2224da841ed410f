using Benchgen.Hosting.Mongo;
using MongoDB.Driver;

namespace Benchgen.PromptIntake.Sessions;

/// <summary><see cref="ISessionQueries"/> over the <c>generation_sessions</c> collection (served by the state+updated and batch indexes).</summary>
public sealed class MongoGenerationSessionQueries : ISessionQueries
{
    readonly IMongoCollection<GenerationSession> _sessions;

    // One constructor only: the DI container must not have to choose between the store and its collection.
    public MongoGenerationSessionQueries(MongoSagaCollection<GenerationSession> store)
    {
        GenerationSessionBsonMap.Register();
        _sessions = store.Collection;
    }

    public async Task<GenerationSession?> FindAsync(Guid sessionId, CancellationToken ct) =>
        await _sessions.Find(Builders<GenerationSession>.Filter.Eq(x => x.CorrelationId, sessionId))
            .FirstOrDefaultAsync(ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<GenerationSession>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct)
    {
        var f = Builders<GenerationSession>.Filter;
        var filter = f.Empty;
        if (!string.IsNullOrWhiteSpace(state))
            filter &= f.Eq(x => x.CurrentState, state);
        if (batchId is { } batch)
            filter &= f.Eq(x => x.BatchId, batch);
        return await _sessions.Find(filter)
            .Sort(Builders<GenerationSession>.Sort.Descending(x => x.UpdatedAt))
            .Limit(Math.Max(1, limit))
            .ToListAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GenerationSession>> FindOverdueAsync(DateTime now, int limit, CancellationToken ct)
    {
        var f = Builders<GenerationSession>.Filter;
        var filter = f.Eq(x => x.FinishedAt, null)
                     & f.Ne(x => x.DeadlineAt, null)
                     & f.Lt(x => x.DeadlineAt, AsUtc(now));
        return await _sessions.Find(filter)
            .Sort(Builders<GenerationSession>.Sort.Ascending(x => x.DeadlineAt))
            .Limit(Math.Max(1, limit))
            .ToListAsync(ct).ConfigureAwait(false);
    }

    // Sessions store UTC; an unspecified kind is taken as UTC rather than shifted by the machine's zone.
    static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}
