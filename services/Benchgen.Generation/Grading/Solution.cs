using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation.Tasks;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Grading;

/// <summary>A solution an agent hands in: one of the three kinds of <c>services/Benchgen.Tasks/schemas/solution-*.v1.json</c>.</summary>
public abstract record Solution
{
    public abstract string Kind { get; }
}

/// <summary>
/// The oracle's own language: the <c>reference_solution</c> stored in <c>benchmark.json</c>
/// (<c>{"kind": "skills", "steps": [...]}</c>, or a preset's older <c>{"kind": "guide", ...}</c>) as it stands.
/// </summary>
public sealed record SkillsSolution(SkillPlan Plan) : Solution
{
    public override string Kind => SkillPlan.Kind;
}

/// <summary>One timed set-point of the hand: from <see cref="Time"/> on, until the next set-point time, the hand pushes on
/// <see cref="Subject"/> with a force and torque (world frame, at its centre of mass) or, on a jointed part, a joint effort.</summary>
public sealed record HandSetpoint(double Time, string Subject, Vec3 Force, Vec3 Torque, double? Effort);

/// <summary>Timed force/torque set-points on the benchmark's hand, held (zero-order) until the next time; the hand lets go at
/// <see cref="Duration"/>.</summary>
public sealed record TrajectorySolution(IReadOnlyList<HandSetpoint> Setpoints, double Duration) : Solution
{
    public const string KindName = "trajectory";
    public override string Kind => KindName;
}

/// <summary>One entry of a design's actuator schedule: from <see cref="Time"/> on, the motor's control is <see cref="Control"/>.</summary>
public sealed record ActuatorSetpoint(double Time, string Actuator, double Control);

/// <summary>An MJCF fragment placed in the build zone, the material of each geom and the actuator schedule.</summary>
public sealed record DesignSolution(
    string Mjcf, string DefaultMaterial, IReadOnlyDictionary<string, string> Materials, IReadOnlyList<ActuatorSetpoint> Schedule, double Duration)
    : Solution
{
    public const string KindName = "design";
    public override string Kind => KindName;
}

/// <summary>A solution file that does not read: every problem with its JSON path (<c>$.steps[0].skill: ...</c>).</summary>
public sealed class SolutionFormatException(IReadOnlyList<string> errors)
    : FormatException("the solution is malformed: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Reads a solution file strictly, as the JSON Schemas in <c>services/Benchgen.Tasks/schemas/solution-*.v1.json</c> state
/// it: unknown keys, wrong types, non-finite numbers, and sizes past the caps are errors with their JSON path.
/// </summary>
public static class SolutionReader
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxSteps = 64;
    public const int MaxWaypoints = 256;
    public const int MaxSetpoints = 20_000;
    public const double MaxDuration = 60;
    public const double MaxEffort = 10_000;
    public const int MaxDesignBytes = 64 * 1024;

    private static readonly HashSet<string> Skills = new(StringComparer.Ordinal) { "carry", "push", "drive", "press", "topple", "guide" };

    public static Solution Parse(string json)
    {
        var errors = new List<string>();
        if (System.Text.Encoding.UTF8.GetByteCount(json) > MaxBytes)
            throw new SolutionFormatException([$"$: the solution is larger than {MaxBytes} bytes"]);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new SolutionFormatException([$"$: not JSON ({ex.Message})"]);
        }
        if (root is not JsonObject o) throw new SolutionFormatException(["$: a solution is a JSON object with a \"kind\""]);
        // The published schema of the kind first (schemas/solution-*.v1.json), then the rules a schema cannot say.
        using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 }))
        {
            var schemaErrors = SolutionSchemas.Errors(document.RootElement);
            if (schemaErrors.Count > 0) throw new SolutionFormatException(schemaErrors.Take(20).ToArray());
        }
        var kind = o["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        Solution? solution = kind switch
        {
            "skills" => ReadSkills(o, errors),
            "guide" => ReadGuide(o, errors),
            "trajectory" => ReadTrajectory(o, errors),
            "design" => ReadDesign(o, errors),
            _ => null,
        };
        if (solution is null && errors.Count == 0)
            errors.Add("$.kind: must be \"skills\", \"trajectory\" or \"design\" (or a preset's \"guide\")");
        if (errors.Count > 0) throw new SolutionFormatException(errors);
        return solution!;
    }

    private static SkillsSolution? ReadSkills(JsonObject o, List<string> errors)
    {
        Keys(o, "$", errors, "kind", "steps");
        if (o["steps"] is not JsonArray steps) { errors.Add("$.steps: must be a list of skills"); return null; }
        if (steps.Count == 0) errors.Add("$.steps: must name at least one skill");
        if (steps.Count > MaxSteps) { errors.Add($"$.steps: at most {MaxSteps} skills"); return null; }
        var list = new List<Skill>();
        for (var i = 0; i < steps.Count; i++)
        {
            var path = $"$.steps[{i}]";
            if (steps[i] is not JsonObject s) { errors.Add($"{path}: must be an object"); continue; }
            Keys(s, path, errors, "skill", "subject", "to", "target", "via", "max_effort", "waypoints", "duration");
            var name = Text(s, "skill", path, errors, required: true);
            if (name is not null && !Skills.Contains(name)) errors.Add($"{path}.skill: unknown skill '{Shown(name)}' (carry, push, drive, press, topple, guide)");
            var subject = Text(s, "subject", path, errors, required: true);
            var to = new List<Predicate>();
            if (s["to"] is JsonArray preds)
            {
                if (preds.Count > 16) errors.Add($"{path}.to: at most 16 predicates");
                for (var j = 0; j < preds.Count && j < 16; j++)
                {
                    var pp = $"{path}.to[{j}]";
                    if (preds[j] is not JsonObject p) { errors.Add($"{pp}: must be an object"); continue; }
                    Keys(p, pp, errors, "predicate", "args", "value");
                    var pname = Text(p, "predicate", pp, errors, required: true);
                    var args = new List<string>();
                    if (p["args"] is JsonArray a && a.Count <= 8)
                        for (var m = 0; m < a.Count; m++)
                        {
                            if (a[m] is JsonValue av && av.TryGetValue<string>(out var arg) && arg.Length is > 0 and <= 200) args.Add(arg);
                            else errors.Add($"{pp}.args[{m}]: must be a non-empty string");
                        }
                    else errors.Add($"{pp}.args: must be a list of at most 8 strings");
                    var value = Number(p, "value", pp, errors, required: false, -1e6, 1e6);
                    if (pname is not null) to.Add(new Predicate { Name = pname, Args = args, Value = value });
                }
            }
            else if (s["to"] is not null) errors.Add($"{path}.to: must be a list of predicates");
            var target = Number(s, "target", path, errors, required: false, -1e3, 1e3);
            var via = Text(s, "via", path, errors, required: false);
            var effort = Number(s, "max_effort", path, errors, required: false, 0, MaxEffort) ?? 0;
            var duration = Number(s, "duration", path, errors, required: false, 1e-3, MaxDuration);
            double[][]? waypoints = null;
            if (s["waypoints"] is JsonArray w)
            {
                if (w.Count is 0 or > MaxWaypoints) errors.Add($"{path}.waypoints: 1 to {MaxWaypoints} points");
                else waypoints = w.Select((p, j) => Vector(p, $"{path}.waypoints[{j}]", errors, 100) is { } v ? new[] { v.X, v.Y, v.Z } : [0, 0, 0]).ToArray();
            }
            else if (s["waypoints"] is not null) errors.Add($"{path}.waypoints: must be a list of [x, y, z]");
            if (name == "guide" && waypoints is null) errors.Add($"{path}.waypoints: a guide needs waypoints");
            if (name == "guide" && effort <= 0) errors.Add($"{path}.max_effort: a guide needs a positive force limit");
            if (name is "drive" or "press" && target is null && to.Count == 0) errors.Add($"{path}.target: a {name} needs a target or a goal predicate");
            if (name is "carry" or "push" && to.Count == 0) errors.Add($"{path}.to: a {name} needs the predicates it makes true");
            list.Add(new Skill { Name = name ?? "", Subject = subject ?? "", To = to, Target = target, Via = via, MaxEffort = effort, Waypoints = waypoints, Duration = duration });
        }
        return new SkillsSolution(new SkillPlan(list));
    }

    /// <summary>The presets' older format, <c>{"kind": "guide", "body", "waypoints", "max_force", "duration"}</c>: one guide skill.</summary>
    private static SkillsSolution? ReadGuide(JsonObject o, List<string> errors)
    {
        Keys(o, "$", errors, "kind", "body", "waypoints", "max_force", "duration");
        var body = Text(o, "body", "$", errors, required: true);
        var force = Number(o, "max_force", "$", errors, required: true, 1e-9, MaxEffort);
        var duration = Number(o, "duration", "$", errors, required: true, 1e-3, MaxDuration);
        if (o["waypoints"] is not JsonArray { Count: > 0 and <= MaxWaypoints } w) { errors.Add($"$.waypoints: 1 to {MaxWaypoints} points [x, y, z]"); return null; }
        var points = w.Select((p, j) => Vector(p, $"$.waypoints[{j}]", errors, 100) is { } v ? new[] { v.X, v.Y, v.Z } : [0, 0, 0]).ToArray();
        return new SkillsSolution(new SkillPlan([new Skill { Name = "guide", Subject = body ?? "", MaxEffort = force ?? 0, Duration = duration, Waypoints = points }]));
    }

    private static TrajectorySolution? ReadTrajectory(JsonObject o, List<string> errors)
    {
        Keys(o, "$", errors, "kind", "duration", "setpoints");
        var duration = Number(o, "duration", "$", errors, required: true, 1e-3, MaxDuration) ?? 0;
        if (o["setpoints"] is not JsonArray points) { errors.Add("$.setpoints: must be a list of set-points"); return null; }
        if (points.Count > MaxSetpoints) { errors.Add($"$.setpoints: at most {MaxSetpoints} set-points"); return null; }
        var list = new List<HandSetpoint>();
        var last = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var path = $"$.setpoints[{i}]";
            if (points[i] is not JsonObject p) { errors.Add($"{path}: must be an object"); continue; }
            Keys(p, path, errors, "t", "subject", "force", "torque", "effort");
            var t = Number(p, "t", path, errors, required: true, 0, MaxDuration) ?? 0;
            if (t < last) errors.Add($"{path}.t: set-point times must not decrease");
            last = Math.Max(last, t);
            var subject = Text(p, "subject", path, errors, required: true);
            var force = p["force"] is null ? default : Vector(p["force"], $"{path}.force", errors, MaxEffort) ?? default;
            var torque = p["torque"] is null ? default : Vector(p["torque"], $"{path}.torque", errors, MaxEffort) ?? default;
            var effort = Number(p, "effort", path, errors, required: false, -MaxEffort, MaxEffort);
            if (effort is not null && (p["force"] is not null || p["torque"] is not null))
                errors.Add($"{path}: a set-point is either a joint effort or a force/torque, not both");
            list.Add(new HandSetpoint(t, subject ?? "", force, torque, effort));
        }
        return new TrajectorySolution(list, duration);
    }

    private static DesignSolution? ReadDesign(JsonObject o, List<string> errors)
    {
        Keys(o, "$", errors, "kind", "mjcf", "material", "materials", "schedule", "duration");
        var mjcf = o["mjcf"] is JsonValue m && m.TryGetValue<string>(out var ms) ? ms : null;
        if (mjcf is null) errors.Add("$.mjcf: the design's MJCF fragment (a string of <body> elements and an optional <actuator>)");
        else if (System.Text.Encoding.UTF8.GetByteCount(mjcf) > MaxDesignBytes) errors.Add($"$.mjcf: at most {MaxDesignBytes} bytes");
        var material = Text(o, "material", "$", errors, required: false) ?? "wood";
        if (!DesignGate.Materials.ContainsKey(material)) errors.Add($"$.material: unknown material '{Shown(material)}' ({string.Join(", ", DesignGate.Materials.Keys)})");
        var materials = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o["materials"] is JsonObject mo)
            foreach (var (geom, value) in mo)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var name) && DesignGate.Materials.ContainsKey(name)) materials[geom] = name;
                else errors.Add($"$.materials.{Shown(geom)}: one of {string.Join(", ", DesignGate.Materials.Keys)}");
            }
        else if (o["materials"] is not null) errors.Add("$.materials: an object {geom name: material}");
        var duration = Number(o, "duration", "$", errors, required: false, 1e-3, MaxDuration) ?? 3.0;
        var schedule = new List<ActuatorSetpoint>();
        if (o["schedule"] is JsonArray s)
        {
            if (s.Count > MaxSetpoints) errors.Add($"$.schedule: at most {MaxSetpoints} entries");
            else
                for (var i = 0; i < s.Count; i++)
                {
                    var path = $"$.schedule[{i}]";
                    if (s[i] is not JsonObject e) { errors.Add($"{path}: must be an object"); continue; }
                    Keys(e, path, errors, "t", "actuator", "ctrl");
                    var t = Number(e, "t", path, errors, required: true, 0, MaxDuration) ?? 0;
                    var name = Text(e, "actuator", path, errors, required: true);
                    var ctrl = Number(e, "ctrl", path, errors, required: true, -1e6, 1e6) ?? 0;
                    if (i > 0 && schedule.Count > 0 && t < schedule[^1].Time) errors.Add($"{path}.t: schedule times must not decrease");
                    schedule.Add(new ActuatorSetpoint(t, name ?? "", ctrl));
                }
        }
        else if (o["schedule"] is not null) errors.Add("$.schedule: a list of {t, actuator, ctrl}");
        return mjcf is null ? null : new DesignSolution(mjcf, material, materials, schedule, duration);
    }

    private static void Keys(JsonObject o, string path, List<string> errors, params string[] allowed)
    {
        foreach (var (key, _) in o)
            if (Array.IndexOf(allowed, key) < 0) errors.Add($"{path}.{Shown(key)}: unknown key (allowed: {string.Join(", ", allowed)})");
    }

    private static string? Text(JsonObject o, string key, string path, List<string> errors, bool required)
    {
        var node = o[key];
        if (node is null) { if (required) errors.Add($"{path}.{key}: required"); return null; }
        if (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length is > 0 and <= 200 && !s.Any(char.IsControl)) return s;
        errors.Add($"{path}.{key}: must be a non-empty string of at most 200 printable characters");
        return null;
    }

    private static double? Number(JsonObject o, string key, string path, List<string> errors, bool required, double min, double max)
    {
        var node = o[key];
        if (node is null) { if (required) errors.Add($"{path}.{key}: required"); return null; }
        if (node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d))
        {
            if (d >= min && d <= max) return d;
            errors.Add(FormattableString.Invariant($"{path}.{key}: must be between {min} and {max}"));
            return null;
        }
        errors.Add($"{path}.{key}: must be a finite number");
        return null;
    }

    private static Vec3? Vector(JsonNode? node, string path, List<string> errors, double limit)
    {
        if (node is JsonArray { Count: 3 } a && a.All(x => x is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) && Math.Abs(d) <= limit))
            return new Vec3(a[0]!.GetValue<double>(), a[1]!.GetValue<double>(), a[2]!.GetValue<double>());
        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must be three finite numbers within ±{limit}"));
        return null;
    }

    /// <summary>User text quoted in an error: at most 40 printable characters.</summary>
    public static string Shown(string text)
    {
        var clean = new string(text.Where(c => c is >= ' ' and <= '~').Take(40).ToArray());
        return clean.Length < text.Length ? clean + "…" : clean;
    }
}
