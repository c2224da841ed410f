using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Benchgen.Generation.Planning;

namespace Benchgen.Generation.Coding;

/// <summary>
/// The embedded coder: fills the family's Python template with the plan. The prompt and the plan enter the script only
/// as escaped string literals (<see cref="PythonLiteral"/>), substituted in a single pass so no value is ever re-scanned
/// for placeholders.
/// </summary>
public sealed partial class ScenarioCoder
{
    public const string GeneratorVersion = "benchgen-generation/1.0";

    public GeneratorScript Write(ScenarioPlan plan, ReviewAdjustments? adjustments = null)
    {
        adjustments ??= ReviewAdjustments.None;
        return Fill(LoadTemplate(plan.Family), plan, PlanJson(plan, adjustments), adjustments);
    }

    /// <summary>
    /// The task template with a composed TaskSpec's PLAN (<see cref="Tasks.TaskCompiler.PlanJson"/>): one template and the
    /// asset library for every composed task.
    /// </summary>
    public GeneratorScript WriteTask(ScenarioPlan plan, string planJson, ReviewAdjustments adjustments) =>
        Fill(LoadTemplate(Tasks.TaskCompiler.Family), plan, planJson, adjustments);

    private static GeneratorScript Fill(string template, ScenarioPlan plan, string planJson, ReviewAdjustments adjustments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__BENCHGEN_PROMPT__"] = PythonLiteral.Quote(plan.Prompt),
            ["__BENCHGEN_PLAN__"] = PythonLiteral.Quote(planJson),
            ["__BENCHGEN_GENERATOR__"] = PythonLiteral.Quote(GeneratorVersion),
        };
        var source = Placeholder().Replace(template, m => values[m.Value]);
        // Benchgen's own template with every value a Python literal: the one trusted kind of script.
        return new GeneratorScript(source, plan, adjustments, GeneratorVersion) { Trust = Sandbox.ScriptTrust.Trusted };
    }

    /// <summary>The plan as the script sees it (snake_case keys, ranges as [min, max]).</summary>
    public static string PlanJson(ScenarioPlan plan, ReviewAdjustments adjustments)
    {
        var json = plan.ToJson();
        json["proportion"] = plan.Proportion;
        json["floor_material"] = plan.FloorMaterial is null ? null : new JsonObject
        {
            ["name"] = plan.FloorMaterial.Name, ["density"] = plan.FloorMaterial.Density, ["friction"] = plan.FloorMaterial.Friction,
        };
        json["adjustments"] = new JsonObject
        {
            ["enlarge_payload"] = adjustments.EnlargePayload,
            ["highlight_payload"] = adjustments.HighlightPayload,
            ["brighten_scene"] = adjustments.BrightenScene,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>
    /// The family's template with its <c># @include lib/X.py</c> lines replaced by the shared helper files. Expansion
    /// happens before any plan value is substituted, so prompt text can never pull a file in.
    /// </summary>
    public static string LoadTemplate(string family)
    {
        var template = ReadResource($"Benchgen.Generation.Templates.{family}.py", $"No generator template for family \"{family}\"");
        return Include().Replace(template, m => ReadResource($"Benchgen.Generation.Templates.lib.{m.Groups[1].Value}.py",
            $"Template {family}.py includes lib/{m.Groups[1].Value}.py, which does not exist").TrimEnd('\n'));
    }

    private static string ReadResource(string name, string missing)
    {
        using var stream = typeof(ScenarioCoder).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{missing} (missing embedded resource {name}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^# @include lib/(\w+)\.py$", RegexOptions.Multiline)]
    private static partial Regex Include();

    [GeneratedRegex("__BENCHGEN_(?:PROMPT|PLAN|GENERATOR)__")]
    private static partial Regex Placeholder();
}
