using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;

namespace Benchgen.Generation.Coding;

/// <summary>A generator script written by the coder: Python source plus the plan and adjustments it encodes.</summary>
public sealed record GeneratorScript(string Source, ScenarioPlan Plan, ReviewAdjustments Adjustments, string GeneratorVersion)
{
    /// <summary>
    /// Untrusted unless the writer says otherwise: only <see cref="ScenarioCoder"/> (Benchgen's own templates, data as
    /// Python literals) marks its scripts trusted. Untrusted scripts need the strong sandbox (or an explicit opt-in).
    /// </summary>
    public ScriptTrust Trust { get; init; } = ScriptTrust.Untrusted;
}
