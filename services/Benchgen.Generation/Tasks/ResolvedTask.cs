using System.Text.Json.Nodes;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>A box in a body's own frame (anchors, extents), placed in the world by the body's pose.</summary>
public readonly record struct LocalBox(Vec3 Min, Vec3 Max)
{
    public Vec3 Centre => (Min + Max) * 0.5;
    public Vec3 Half => (Max - Min) * 0.5;
}

/// <summary>A named region of an object: a support surface, a cavity, the space under an overhang or a hole.</summary>
public sealed record TaskAnchor(string Name, string Kind, string Body, LocalBox Box, Vec3? Axis);

/// <summary>
/// An addressable part: its body and joint, and the two joint values the predicates measure between
/// (closed/open, off/on, rest/pressed). <see cref="Threshold"/> overrides the halfway point for open/on/pressed.
/// </summary>
public sealed record TaskPart(
    string Name, string Body, string? Joint, string Type, double? Lower, double? Upper, double? From, double? To, double? Threshold,
    LocalBox? Extent, string? CoupledJoint, double? CouplingRatio);

/// <summary>One object of the compiled scene: its id in the spec, the MJCF body it became, its geometry and parts.</summary>
public sealed record ResolvedObject(
    string Id, string Kind, string Label, string Body, bool Free, string? Colour, float[]? Rgba, LocalBox Extent,
    IReadOnlyDictionary<string, TaskAnchor> Anchors, IReadOnlyDictionary<string, TaskPart> Parts);

/// <summary>
/// The <c>task</c> block of a script's definition (Tasks README §2): the spec with every object resolved to its body and
/// every part to its joint, in body-frame geometry so the predicates can read them at any pose.
/// </summary>
public sealed record ResolvedTask(
    string? Preset, int Tier, IReadOnlyList<ResolvedObject> Objects, IReadOnlyList<Predicate> Initial, IReadOnlyList<Predicate> Goal,
    Aabb? GoalZone)
{
    public const string Key = "task";

    public ResolvedObject? Object(string id) => Objects.FirstOrDefault(o => o.Id == id);

    /// <summary>Reads definition["task"]; throws <see cref="FormatException"/> naming what is missing or malformed.</summary>
    public static ResolvedTask Read(JsonObject definition)
    {
        if (definition[Key] is not JsonObject task) throw new FormatException("definition has no task object");
        var objects = (task["objects"] as JsonArray ?? throw new FormatException("task has no objects list"))
            .Select((node, i) => ReadObject(node as JsonObject ?? throw new FormatException($"task.objects[{i}] is not an object"), $"task.objects[{i}]"))
            .ToArray();
        if (objects.Length == 0) throw new FormatException("task.objects is empty");
        var zones = task["zones"] as JsonObject;
        Aabb? goal = zones?["goal"] is JsonObject g ? Box(g, "task.zones.goal") : null;
        if (goal is null && definition["goal_zone"] is JsonObject dg) goal = Box(dg, "goal_zone");
        return new ResolvedTask(
            task["preset"] is JsonValue p && p.TryGetValue<string>(out var preset) ? preset : null,
            task["tier"] is JsonValue t && t.TryGetValue<int>(out var tier) ? tier : 1,
            objects,
            Predicates(task["initial"], "task.initial"),
            Predicates(task["goal"], "task.goal"),
            goal);
    }

    private static ResolvedObject ReadObject(JsonObject o, string path)
    {
        var id = Text(o, "id", path);
        var body = Text(o, "body", path);
        var anchors = new Dictionary<string, TaskAnchor>(StringComparer.Ordinal);
        if (o["anchors"] is JsonObject a)
            foreach (var (name, node) in a)
            {
                if (node is not JsonObject anchor) throw new FormatException($"{path}.anchors.{name} is not an object");
                anchors[name] = new TaskAnchor(name, Text(anchor, "kind", $"{path}.anchors.{name}"),
                    anchor["body"] is JsonValue ab && ab.TryGetValue<string>(out var anchorBody) ? anchorBody : body,
                    LocalBoxOf(anchor, $"{path}.anchors.{name}"),
                    anchor["axis"] is JsonArray ? Vector(anchor["axis"], $"{path}.anchors.{name}.axis") : null);
            }
        var parts = new Dictionary<string, TaskPart>(StringComparer.Ordinal);
        if (o["parts"] is JsonObject ps)
            foreach (var (name, node) in ps)
            {
                if (node is not JsonObject part) throw new FormatException($"{path}.parts.{name} is not an object");
                var type = Text(part, "type", $"{path}.parts.{name}");
                double? lower = null, upper = null;
                if (part["range"] is JsonArray { Count: 2 } range)
                {
                    lower = Number(range[0], $"{path}.parts.{name}.range[0]");
                    upper = Number(range[1], $"{path}.parts.{name}.range[1]");
                }
                var (from, to) = (Optional(part, "closed") ?? Optional(part, "off") ?? Optional(part, "rest"),
                    Optional(part, "open") ?? Optional(part, "on") ?? Optional(part, "pressed"));
                var coupled = part["coupled"] as JsonObject;
                parts[name] = new TaskPart(name, part["body"] is JsonValue pb && pb.TryGetValue<string>(out var partBody) ? partBody : body,
                    part["joint"] is JsonValue j && j.TryGetValue<string>(out var joint) && joint.Length > 0 ? joint : null,
                    type, lower, upper, from, to,
                    Optional(part, "open_threshold") ?? Optional(part, "on_threshold") ?? Optional(part, "pressed_threshold"),
                    part["extent"] is JsonObject pe ? LocalBoxOf(pe, $"{path}.parts.{name}.extent") : null,
                    coupled?["joint"]?.GetValue<string>(), coupled is null ? null : Optional(coupled, "ratio"));
            }
        float[]? rgba = o["rgba"] is JsonArray { Count: 4 } c ? c.Select(v => (float)Number(v, $"{path}.rgba")).ToArray() : null;
        return new ResolvedObject(id, Text(o, "kind", path), o["label"] is JsonValue l && l.TryGetValue<string>(out var label) ? label : id, body,
            o["free"] is JsonValue f && f.TryGetValue<bool>(out var free) && free,
            o["colour"] is JsonValue cv && cv.TryGetValue<string>(out var colour) ? colour : null, rgba,
            o["extent"] is JsonObject e ? LocalBoxOf(e, $"{path}.extent") : throw new FormatException($"{path} has no extent"),
            anchors, parts);
    }

    private static IReadOnlyList<Predicate> Predicates(JsonNode? node, string path) =>
        (node as JsonArray ?? throw new FormatException($"{path} is not a list")).Select((p, i) =>
        {
            if (p is not JsonObject o) throw new FormatException($"{path}[{i}] is not an object");
            return new Predicate
            {
                Name = Text(o, "predicate", $"{path}[{i}]"),
                Args = (o["args"] as JsonArray ?? throw new FormatException($"{path}[{i}].args is not a list"))
                    .Select(a => a?.GetValue<string>() ?? "").ToArray(),
                Value = Optional(o, "value"),
            };
        }).ToArray();

    private static double? Optional(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;

    private static string Text(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : throw new FormatException($"{path} has no {key} string");

    private static LocalBox LocalBoxOf(JsonObject o, string path) => new(Vector(o["min"], path + ".min"), Vector(o["max"], path + ".max"));

    private static Aabb Box(JsonObject o, string path)
    {
        var b = LocalBoxOf(o, path);
        return new Aabb(b.Min, b.Max);
    }

    private static double Number(JsonNode? node, string path)
    {
        if (node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d)) return d;
        throw new FormatException($"{path} is not a finite number");
    }

    private static Vec3 Vector(JsonNode? node, string path) =>
        node is JsonArray { Count: 3 } a
            ? new Vec3(Number(a[0], path), Number(a[1], path), Number(a[2], path))
            : throw new FormatException($"{path} is not a list of three numbers");
}
