using System.Text.Json;
using System.Text.Json.Serialization;

namespace Benchgen.Generation.Validation;

/// <summary>One check on one (seed, scale) run: measured value against its limit where there is one.</summary>
public sealed record ValidationCheck(string Name, bool Passed, string Detail, double? Value = null, double? Limit = null);

/// <summary>All checks of one (seed, scale) run. Role is "canonical", "variant" or "scale".</summary>
public sealed record SeedValidation(
    int Seed, double Scale, string Role, bool Passed, string? MjcfSha256, IReadOnlyList<ValidationCheck> Checks)
{
    [JsonIgnore]
    public IEnumerable<ValidationCheck> Failures => Checks.Where(c => !c.Passed);
}

/// <summary>What the validator found for every run of a generator script; stored with the benchmark.</summary>
public sealed record ValidationReport(
    string Family,
    bool Passed,
    string Summary,
    double Difficulty,
    DifficultyBreakdown? DifficultyTerms,
    string MujocoVersion,
    IReadOnlyList<SeedValidation> Runs)
{
    /// <summary>Fraction of the (seed, scale) runs that passed every check; the benchmark is accepted only at 1.</summary>
    public double PassFraction { get; init; }

    /// <summary>The reference solution the canonical run replayed (<c>{"kind": "skills", "steps": [...]}</c>); null without a task.</summary>
    public System.Text.Json.Nodes.JsonObject? ReferenceSolution { get; init; }

    /// <summary>
    /// The canonical run's reference replay as recorded qpos (<see cref="ReferenceRecording"/>), from which Rendering draws
    /// the animation; null without a task or when the replay failed. Travels as its own claim check, not in validation.json.
    /// </summary>
    [JsonIgnore]
    public Benchgen.Physics.Trajectory? ReferenceTrajectory { get; init; }

    /// <summary>Geometric signature of the canonical run (<see cref="GeometricSignature"/>); null when it did not compile.</summary>
    public string? Signature { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Reports are read by people (mongosh, files): keep ±, ² and quotes readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ValidationReport FromJson(string json) =>
        JsonSerializer.Deserialize<ValidationReport>(json, JsonOptions) ?? throw new JsonException("The validation report JSON is empty.");
}

/// <summary>The measured quantities behind a difficulty score (lengths in metres, from the canonical run).</summary>
/// <param name="PathLength">Length of the reference solution's path: payload start through every waypoint.</param>
/// <param name="WorkspaceSize">The build zone's larger floor extent.</param>
/// <param name="GoalSide">Square root of the goal zone's floor area.</param>
/// <param name="PayloadSize">The payload's largest floor extent (from its visible geom).</param>
/// <param name="ForbidClearance">Closest the replayed reference path came to a forbid zone; −1 when there is none.</param>
/// <param name="Bodies">Bodies other than the world.</param>
/// <param name="Joints">Joints other than free joints.</param>
/// <param name="RandomTrials">Trials of the random-action baseline.</param>
/// <param name="RandomSuccesses">Random trials that ended with the payload in the goal zone without entering a forbid zone.</param>
public sealed record DifficultyBreakdown(
    double PathLength, double WorkspaceSize, double GoalSide, double PayloadSize, double ForbidClearance,
    int Bodies, int Joints, int RandomTrials, int RandomSuccesses);

/// <summary>
/// Difficulty in [0, 1] from measured quantities (W = workspace size, the build zone's larger floor extent):
/// <code>
/// path      = min(1, L / W)                              L: reference path length
/// tolerance = 1 − min(1, max(0, g − p) / (W / 4))        g: goal side, p: payload size (room to spare in the goal)
/// clearance = 1 − min(1, c / (W / 4))                    c: closest approach of the reference path to a forbid zone (0 without forbid zones)
/// crowd     = min(1, (bodies − 1 + joints) / 20)
/// baseline  = 1 − successes / trials                     random bounded forces on the payload
/// score     = 0.30 path + 0.15 tolerance + 0.15 clearance + 0.10 crowd + 0.30 baseline, rounded to 5 decimals
/// </code>
/// Far goals, tight goals, paths that skirt forbid zones, crowded scenes and goals random pushing cannot reach are harder.
/// </summary>
public static class DifficultyScore
{
    public static double Compute(DifficultyBreakdown m)
    {
        if (!(m.WorkspaceSize > 0)) return 0;
        var quarter = 0.25 * m.WorkspaceSize;
        var path = Math.Min(1, Math.Max(0, m.PathLength) / m.WorkspaceSize);
        var tolerance = 1 - Math.Min(1, Math.Max(0, m.GoalSide - m.PayloadSize) / quarter);
        var clearance = m.ForbidClearance < 0 ? 0 : 1 - Math.Min(1, m.ForbidClearance / quarter);
        var crowd = Math.Min(1, Math.Max(0, m.Bodies - 1 + m.Joints) / 20.0);
        var baseline = m.RandomTrials <= 0 ? 1 : 1 - (double)m.RandomSuccesses / m.RandomTrials;
        var score = 0.30 * path + 0.15 * tolerance + 0.15 * clearance + 0.10 * crowd + 0.30 * baseline;
        return Math.Round(Math.Clamp(double.IsFinite(score) ? score : 0, 0, 1), 5);
    }
}
