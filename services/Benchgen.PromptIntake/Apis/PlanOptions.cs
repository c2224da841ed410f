namespace Benchgen.PromptIntake.Apis;

/// <summary>Settings of <c>POST /api/plans</c> (section <c>Plans</c>).</summary>
public sealed class PlanOptions
{
    public const string Section = "Plans";

    /// <summary>How long the API waits for Generation's planner to answer before it answers 503.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
