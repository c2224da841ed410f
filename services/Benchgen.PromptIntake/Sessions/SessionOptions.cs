namespace Benchgen.PromptIntake.Sessions;

/// <summary>Saga settings (section <c>Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>Generation attempts per session, counting retries after a rejecting review.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a session may stay in one stage before the sweeper times it out.</summary>
    public int StageTimeoutSeconds { get; set; } = 900;

    /// <summary>How often the sweeper looks for overdue sessions.</summary>
    public int SweepIntervalSeconds { get; set; } = 30;
}
