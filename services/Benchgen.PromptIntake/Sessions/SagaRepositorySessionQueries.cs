using MassTransit;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// Session queries over MassTransit's own query/load repository roles: used with the in-memory saga repository in
/// embedded mode (MongoDB mode has indexed queries of its own).
/// </summary>
public sealed class SagaRepositorySessionQueries(IQuerySagaRepository<GenerationSession> query, ILoadSagaRepository<GenerationSession> load) : ISessionQueries
{
    public async Task<GenerationSession?> FindAsync(Guid sessionId, CancellationToken ct) =>
        await load.Load(sessionId).ConfigureAwait(false) is { } session && Started(session) ? session : null;

    /// <summary>
    /// The in-memory repository hands out the live instance, and inserts it (state Initial, no prompt yet) before the
    /// state machine has run the first event; such a session is not visible until that event has been applied.
    /// </summary>
    static bool Started(GenerationSession session) => session.CurrentState is not ("Initial" or "");

    public async Task<IReadOnlyList<GenerationSession>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct)
    {
        var sessions = await Matching(s => (state == null || s.CurrentState == state) && (batchId == null || s.BatchId == batchId)).ConfigureAwait(false);
        return sessions.OrderByDescending(s => s.UpdatedAt).Take(limit).ToList();
    }

    public async Task<IReadOnlyList<GenerationSession>> FindOverdueAsync(DateTime now, int limit, CancellationToken ct)
    {
        var sessions = await Matching(s => s.FinishedAt == null && s.DeadlineAt != null && s.DeadlineAt < now).ConfigureAwait(false);
        return sessions.Take(limit).ToList();
    }

    async Task<List<GenerationSession>> Matching(System.Linq.Expressions.Expression<Func<GenerationSession, bool>> filter)
    {
        var ids = await query.Find(new ExpressionQuery(filter)).ConfigureAwait(false);
        var sessions = new List<GenerationSession>();
        foreach (var id in ids)
        {
            if (await load.Load(id).ConfigureAwait(false) is { } session && Started(session))
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    sealed class ExpressionQuery(System.Linq.Expressions.Expression<Func<GenerationSession, bool>> filter) : ISagaQuery<GenerationSession>
    {
        readonly Func<GenerationSession, bool> compiled = filter.Compile();

        public System.Linq.Expressions.Expression<Func<GenerationSession, bool>> FilterExpression => filter;

        public Func<GenerationSession, bool> GetFilter() => compiled;
    }
}
