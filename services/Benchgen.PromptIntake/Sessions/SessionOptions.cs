namespace Benchgen.PromptIntake.Sessions;

/// <summary>Saga settings (section <c>Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>Generation attempts per session, counting retries after a rejecting review.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a stage may run once a worker took its request (StageStarted) before the sweeper times it out.</summary>
    public int StageTimeoutSeconds { get; set; } = 900;

    /// <summary>
    /// How long a stage's request may wait in its queue for a worker (a big batch on few workers) before the session
    /// times out; requests still queued after it expire in the broker (TimeToLive), so no work is done for a dead session.
    /// </summary>
    public int QueueTimeoutSeconds { get; set; } = 86_400;

    /// <summary>How often the sweeper looks for overdue sessions.</summary>
    public int SweepIntervalSeconds { get; set; } = 30;
}
