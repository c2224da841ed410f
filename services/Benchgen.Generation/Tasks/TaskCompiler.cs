using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>A TaskSpec compiled: the normalized spec, the plan the validator reads, and the generator script.</summary>
public sealed record CompiledTask(TaskSpec Spec, ScenarioPlan Plan, GeneratorScript Script);

/// <summary>
/// The one compiler from TaskSpec to generator script: every spec, a catalogue preset's included, becomes the task
/// template (<c>Coding/Templates/task.py</c> + the asset library) with the normalized spec as data. The script's
/// definition carries the resolved task, which the validator checks against the spec.
/// </summary>
public sealed class TaskCompiler(ScenarioCoder coder)
{
    /// <summary>Family name of scripts compiled from a composed (non-preset) spec.</summary>
    public const string Family = "task";

    /// <exception cref="TaskSpecException">The spec breaks the library's rules (unknown kinds, zones, ranges, ...).</exception>
    public CompiledTask Compile(TaskSpec spec, ReviewAdjustments? adjustments = null)
    {
        adjustments ??= ReviewAdjustments.None;
        TaskSpecRules.Check(spec);
        var normal = TaskSpecRules.Normalize(spec);
        var taskPlan = PlanFor(normal);
        return new CompiledTask(normal, taskPlan, coder.WriteTask(taskPlan, PlanJson(normal, adjustments), adjustments));
    }

    /// <summary>What the validator needs to know of a composed task (the checks against the spec do the rest).</summary>
    public static ScenarioPlan PlanFor(TaskSpec normal)
    {
        var free = normal.Objects.Where(o => AssetLibrary.Find(o.Kind)?.Free == true).Select(o => o.Id).ToArray();
        var payload = normal.Goal.Count > 0 && normal.Goal[0].Args.Count > 0 ? normal.Goal[0].Args[0] : normal.Objects[0].Id;
        return new ScenarioPlan(
            Family: normal.Preset ?? Family,
            Prompt: normal.Prompt ?? normal.DescribeGoal(),
            Count: normal.Objects.Count,
            Shape: PartShape.Box,
            Size: SizeClass.Medium,
            Colour: null,
            Rgba: null,
            Material: PromptText.DefaultMaterial,
            Arrangement: "task",
            WorkspaceHalfExtent: 0.6,
            Ranges: new Dictionary<string, ParameterRange>(),
            FreeBodies: free,
            PayloadBody: payload);
    }

    /// <summary>The PLAN the task template reads: the normalized spec with colours resolved, materials and adjustments.</summary>
    public static string PlanJson(TaskSpec normal, ReviewAdjustments adjustments)
    {
        var spec = JsonNode.Parse(JsonSerializer.Serialize(normal, TaskSpec.Json))!.AsObject();
        var objects = spec["objects"]!.AsArray();
        for (var i = 0; i < objects.Count; i++)
        {
            var rgba = TaskVocabulary.Rgba(normal.Objects[i].Colour);
            objects[i]!["rgba"] = rgba is null ? null : new JsonArray(rgba.Select(v => (JsonNode)Math.Round(v, 4)).ToArray());
        }
        JsonObject Material(MaterialProperties m) => new() { ["name"] = m.Name, ["density"] = m.Density, ["friction"] = m.Friction };
        var materials = new JsonObject();
        foreach (var (name, m) in TaskVocabulary.Materials) materials[name] = new JsonObject { ["density"] = m.Density, ["friction"] = m.Friction };
        var floor = normal.FloorMaterial is { } f && TaskVocabulary.Materials.TryGetValue(f, out var fm) ? Material(fm) : null;
        var plan = new JsonObject
        {
            ["family"] = Family,
            ["spec"] = spec,
            ["material"] = Material(TaskVocabulary.Materials["wood"]),
            ["materials"] = materials,
            ["floor_material"] = floor,
            ["adjustments"] = new JsonObject
            {
                ["enlarge_payload"] = adjustments.EnlargePayload,
                ["highlight_payload"] = adjustments.HighlightPayload,
                ["brighten_scene"] = adjustments.BrightenScene,
            },
            ["ranges"] = new JsonObject(),
            ["rgba"] = null,
            ["size"] = "medium",
        };
        return plan.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
