namespace Benchgen.Contracts;

/// <summary>The sweeper found the session in <paramref name="State"/> past its deadline.</summary>
public record SessionTimedOut(
    Guid SessionId,
    string State,
    DateTime DetectedAt);
