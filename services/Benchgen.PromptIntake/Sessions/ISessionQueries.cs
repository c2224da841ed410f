namespace Benchgen.PromptIntake.Sessions;

/// <summary>Read side of the saga store, for the API, the CLI and the sweeper.</summary>
public interface ISessionQueries
{
    Task<GenerationSession?> FindAsync(Guid sessionId, CancellationToken ct);
    Task<IReadOnlyList<GenerationSession>> ListAsync(string? state, Guid? batchId, int limit, CancellationToken ct);
    /// <summary>Sessions not finished whose <see cref="GenerationSession.DeadlineAt"/> is before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<GenerationSession>> FindOverdueAsync(DateTime now, int limit, CancellationToken ct);
}
