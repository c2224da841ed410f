namespace Benchgen.Contracts;

/// <summary>Published when a session ends Rejected (bad prompt / scenario) or Failed (fault, timeout).</summary>
public record GenerationSessionFailed(
    Guid SessionId,
    Guid? BatchId,
    string State,
    string Reason,
    DateTime FinishedAt);
