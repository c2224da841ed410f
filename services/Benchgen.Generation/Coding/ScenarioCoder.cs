using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Benchgen.Generation.Planning;

namespace Benchgen.Generation.Coding;

/// <summary>
/// The embedded coder: fills the task template with the compiled spec's PLAN. The prompt and the plan enter the script
/// only as escaped string literals (<see cref="PythonLiteral"/>), substituted in a single pass so no value is ever
/// re-scanned for placeholders.
/// </summary>
public sealed partial class ScenarioCoder
{
    public const string GeneratorVersion = "benchgen-generation/1.0";

    /// <summary>
    /// The task template with a TaskSpec's PLAN (<see cref="Tasks.TaskCompiler.PlanJson"/>): one template and the asset
    /// library for every task, presets included.
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

    /// <summary>
    /// The template with its <c># @include lib/X.py</c> lines replaced by the shared helper files. Expansion
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
