namespace Benchgen.Contracts;

/// <summary>Request for a session's monitoring view; answered with <see cref="SessionStatus"/> or <see cref="SessionNotFound"/>.</summary>
public record GetSessionStatus(Guid SessionId);

public record SessionNotFound(Guid SessionId);

public record SessionStatus(
    Guid SessionId,
    string State,
    string Prompt,
    string Stage,
    int Attempt,
    Guid? BatchId,
    DateTime SubmittedAt,
    DateTime UpdatedAt,
    DateTime? FinishedAt,
    string? FailureReason,
    string? BenchmarkId,
    AssetUrls? Urls,
    IReadOnlyList<SessionCheckpoint> Checkpoints);

/// <summary>
/// One entry of a session's bounded checkpoint log: <paramref name="Stage"/> is the stage (or step of it) that ended at
/// <paramref name="At"/>, <paramref name="StageSeconds"/> how long it ran, <paramref name="Outcome"/> how it ended
/// (received, done, approved, rejected, failed, accepted, timed out), <paramref name="TraceId"/> the W3C trace id of the
/// message handling that wrote it.
/// </summary>
public record SessionCheckpoint(
    DateTime At,
    string Stage,
    int Attempt,
    string Message,
    double StageSeconds,
    string Outcome = "done",
    string? TraceId = null);
