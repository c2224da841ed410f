using Benchgen.Generation.Planning;

namespace Benchgen.Generation.Coding;

/// <summary>A generator script written by the coder: Python source plus the plan and adjustments it encodes.</summary>
public sealed record GeneratorScript(string Source, ScenarioPlan Plan, ReviewAdjustments Adjustments, string GeneratorVersion);
