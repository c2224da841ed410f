using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Benchgen.Generation.Planning;
using Benchgen.Physics;

namespace Benchgen.Generation.Llm;

/// <summary>
/// The plan as JSON, in the catalogue's schema (the keys <see cref="Coding.ScenarioCoder.PlanJson"/> writes, plus
/// free_bodies, expected_joints and must_settle): the LLM planner answers in it and the LLM coder reads it.
/// </summary>
public static partial class LlmPlanSchema
{
    public const int MaxCount = 50;

    /// <summary>Shown to the planner verbatim.</summary>
    public const string Description = """
        {
          "family": "snake_case scenario family name, free-form (e.g. stack, ramp, hinged_door, marble_run)",
          "count": "integer 1..50: how many of the movable parts the prompt asks for",
          "shape": "box | cylinder | sphere: primitive shape of the free (movable) bodies",
          "size": "small | medium | large",
          "colour": "colour name from the prompt, or null",
          "rgba": "[r, g, b, a] in 0..1 for that colour, or null",
          "material": {"name": "wood | steel | rubber | plastic | ice | ...", "density": "kg/m^3 > 0", "friction": "sliding friction >= 0"},
          "arrangement": "short word for the layout (aligned, staggered, row, scattered, ...)",
          "workspace_half_extent": "metres > 0: the build zone spans +-this in x and y at scale 1.0",
          "ranges": {"parameter_name": ["min", "max"]},
          "free_bodies": ["names of every body with a free joint, in order"],
          "payload_body": "name of the body the agent must move into the goal zone",
          "expected_joints": {"hinge | slide | ball": "count of such joints the scene needs (omit or {} for none)"},
          "must_settle": "true when every free body must come to rest; false for scenes meant to move (a ball rolling down a ramp)"
        }
        """;

    /// <summary>The plan in the schema above (ranges as [min, max], snake_case keys).</summary>
    public static JsonObject Write(ScenarioPlan plan) => plan.ToJson();

    /// <summary>Reads a planner reply strictly: every required key present with the right type and a sensible value.</summary>
    /// <exception cref="LlmReplyException">Names every field that is missing or wrong.</exception>
    public static ScenarioPlan Parse(string? reply, string prompt)
    {
        var json = LlmJson.ReadObject(reply, "planner");
        var errors = new List<string>();

        var family = Text(json, "family", errors)?.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        if (family is not null && !FamilyName().IsMatch(family))
            errors.Add($"family \"{family}\" is not a snake_case name of 1-40 letters, digits and underscores");

        var count = Integer(json, "count", errors);
        if (count is < 1 or > MaxCount) errors.Add($"count {count} is outside 1..{MaxCount}");

        var shape = Choice<PartShape>(json, "shape", errors);
        var size = Choice<SizeClass>(json, "size", errors);
        if (size is null && Text(json, "size", []) is { } sizeWord && SizeAliases.TryGetValue(sizeWord.Trim(), out var alias))
        {
            size = alias;
            errors.RemoveAll(e => e.StartsWith("size ", StringComparison.Ordinal));
        }

        var colour = OptionalText(json, "colour", errors) ?? OptionalText(json, "color", errors);
        var rgba = Rgba(json, errors) ?? (colour is null ? null : KnownColour(colour));

        MaterialSpec? material = null;
        if (json["material"] is JsonObject m)
        {
            var name = Text(m, "name", errors, "material.name");
            var density = Number(m, "density", errors, "material.density");
            var friction = Number(m, "friction", errors, "material.friction");
            if (density is <= 0) errors.Add($"material.density {density} must be > 0");
            if (friction is < 0) errors.Add($"material.friction {friction} must be >= 0");
            if (name is not null && density is > 0 && friction is >= 0) material = new MaterialSpec(name.Trim().ToLowerInvariant(), density.Value, friction.Value);
        }
        else errors.Add("material is missing or not an object {name, density, friction}");

        var arrangement = Text(json, "arrangement", errors);
        var workspace = Number(json, "workspace_half_extent", errors);
        if (workspace is <= 0) errors.Add($"workspace_half_extent {workspace} must be > 0");

        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal);
        if (json["ranges"] is JsonObject r)
        {
            foreach (var (name, node) in r)
            {
                if (node is JsonArray { Count: 2 } pair && TryNumber(pair[0], out var lo) && TryNumber(pair[1], out var hi) && lo <= hi)
                    ranges[name] = new ParameterRange(lo, hi);
                else errors.Add($"ranges.{name} is not [min, max] with min <= max");
            }
        }
        else errors.Add("ranges is missing or not an object {name: [min, max]}");

        var freeBodies = new List<string>();
        if (json["free_bodies"] is JsonArray bodies)
        {
            foreach (var body in bodies)
            {
                if (body is JsonValue v && v.TryGetValue<string>(out var s) && BodyName().IsMatch(s)) freeBodies.Add(s);
                else errors.Add($"free_bodies entry {body?.ToJsonString() ?? "null"} is not a body name (letters, digits, _ . -)");
            }
            if (freeBodies.Distinct(StringComparer.Ordinal).Count() != freeBodies.Count) errors.Add("free_bodies has duplicate names");
        }
        else errors.Add("free_bodies is missing or not a list of body names");

        var payload = Text(json, "payload_body", errors);
        if (payload is not null && !BodyName().IsMatch(payload)) errors.Add($"payload_body \"{payload}\" is not a body name");

        var joints = new Dictionary<string, int>(StringComparer.Ordinal);
        switch (json["expected_joints"])
        {
            case null:
                break;
            case JsonObject j:
                foreach (var (kind, node) in j)
                {
                    if (int.TryParse(kind, out _) || !Enum.TryParse<JointKind>(kind, ignoreCase: true, out var parsed) || parsed == JointKind.Free)
                        errors.Add($"expected_joints key \"{kind}\" is not hinge, slide or ball");
                    else if (node is JsonValue cv && cv.TryGetValue<int>(out var n) && n >= 0) { if (n > 0) joints[parsed.ToString()] = n; }
                    else errors.Add($"expected_joints.{kind} is not a non-negative integer");
                }
                break;
            default:
                errors.Add("expected_joints is not an object {kind: count}");
                break;
        }

        var mustSettle = true;
        switch (json["must_settle"])
        {
            case null:
                break;
            case JsonValue b when b.TryGetValue<bool>(out var flag):
                mustSettle = flag;
                break;
            default:
                errors.Add("must_settle is not true or false");
                break;
        }

        if (errors.Count > 0)
            throw new LlmReplyException($"The planner's JSON plan is invalid: {string.Join("; ", errors)}.");

        return new ScenarioPlan(family!, prompt, count!.Value, shape!.Value, size!.Value, colour, rgba, material!, arrangement!.Trim(),
            workspace!.Value, ranges, freeBodies, payload!)
        {
            ExpectedJoints = joints,
            MustSettle = mustSettle,
        };
    }

    private static readonly Dictionary<string, SizeClass> SizeAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tiny"] = SizeClass.Small, ["normal"] = SizeClass.Medium, ["big"] = SizeClass.Large,
        ["long"] = SizeClass.Large, ["tall"] = SizeClass.Large,
    };

    private static float[]? KnownColour(string colour)
    {
        try
        {
            return PromptText.From(colour).FindColour()?.Rgba;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject json, string key, List<string> errors, string? label = null)
    {
        if (json[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) return s;
        errors.Add($"{label ?? key} is missing or not a non-empty string");
        return null;
    }

    private static string? OptionalText(JsonObject json, string key, List<string> errors)
    {
        var node = json[key];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return string.IsNullOrWhiteSpace(s) ? null : s.Trim().ToLowerInvariant();
        errors.Add($"{key} is not a string or null");
        return null;
    }

    private static int? Integer(JsonObject json, string key, List<string> errors)
    {
        if (json[key] is JsonValue v && TryNumber(v, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
        errors.Add($"{key} is missing or not an integer");
        return null;
    }

    private static double? Number(JsonObject json, string key, List<string> errors, string? label = null)
    {
        if (TryNumber(json[key], out var d)) return d;
        errors.Add($"{label ?? key} is missing or not a number");
        return null;
    }

    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        value = v.GetValue<double>();
        return double.IsFinite(value);
    }

    private static T? Choice<T>(JsonObject json, string key, List<string> errors) where T : struct, Enum
    {
        if (json[key] is JsonValue v && v.TryGetValue<string>(out var s) && Enum.TryParse<T>(s.Trim(), ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed) && !int.TryParse(s, out _))
            return parsed;
        errors.Add($"{key} {json[key]?.ToJsonString() ?? "(missing)"} is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return null;
    }

    private static float[]? Rgba(JsonObject json, List<string> errors)
    {
        var node = json["rgba"];
        if (node is null) return null;
        if (node is JsonArray { Count: 4 } a && a.All(x => TryNumber(x, out var c) && c is >= 0 and <= 1))
            return a.Select(x => (float)x!.GetValue<double>()).ToArray();
        errors.Add("rgba is not null or [r, g, b, a] with components in 0..1");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex FamilyName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$")]
    private static partial Regex BodyName();
}
