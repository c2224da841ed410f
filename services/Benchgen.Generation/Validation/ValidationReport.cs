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

/// <summary>The measured quantities behind a difficulty score.</summary>
public sealed record DifficultyBreakdown(double PayloadToGoal, double WorkspaceSize, double GoalSide, int Bodies);

/// <summary>
/// Difficulty in [0, 1]: 0.4 × min(1, payload-to-goal distance / workspace size) + 0.3 × max(0, 1 − goal side /
/// (¼ workspace size)) + 0.3 × min(1, (bodies − 1) / 19). Far goals, small goals and crowded scenes are harder.
/// Goal side is the square root of the goal zone's floor area; workspace size is the build zone's larger floor extent.
/// </summary>
public static class DifficultyScore
{
    public static double Compute(DifficultyBreakdown m)
    {
        if (m.WorkspaceSize <= 0) return 0;
        var distance = Math.Min(1, m.PayloadToGoal / m.WorkspaceSize);
        var goal = Math.Max(0, 1 - m.GoalSide / (0.25 * m.WorkspaceSize));
        var crowd = Math.Min(1, Math.Max(0, m.Bodies - 1) / 19.0);
        return Math.Round(Math.Clamp(0.4 * distance + 0.3 * goal + 0.3 * crowd, 0, 1), 5);
    }
}
