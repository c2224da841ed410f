using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Benchgen.Generation.Planning;

/// <summary>Primitive shape of the movable parts a family builds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PartShape>))]
public enum PartShape { Box, Cylinder, Sphere }

/// <summary>Size word from the prompt; each family maps it to nominal dimensions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SizeClass>))]
public enum SizeClass { Small, Medium, Large }

/// <summary>Inclusive range a generator script draws a parameter from (metres at scale 1.0 unless named otherwise).</summary>
public sealed record ParameterRange(double Min, double Max)
{
    public bool Contains(double value, double tolerance = 1e-9) => value >= Min - tolerance && value <= Max + tolerance;
}

/// <summary>Physical material of the movable parts: density in kg/m³ and sliding friction coefficient.</summary>
public sealed record MaterialSpec(string Name, double Density, double Friction);

/// <summary>
/// What the planner decided to build from a prompt. Family-independent fields describe the parts; <see cref="Ranges"/>
/// holds the family's randomization ranges, which the generator script samples per seed.
/// </summary>
public sealed record ScenarioPlan(
    string Family,
    string Prompt,
    int Count,
    PartShape Shape,
    SizeClass Size,
    string? Colour,
    float[]? Rgba,
    MaterialSpec Material,
    string Arrangement,
    double WorkspaceHalfExtent,
    IReadOnlyDictionary<string, ParameterRange> Ranges,
    IReadOnlyList<string> FreeBodies,
    string PayloadBody)
{
    /// <summary>The plan in the catalogue's JSON schema (snake_case keys, ranges as [min, max], joint kinds in lower case).</summary>
    public JsonObject ToJson()
    {
        var ranges = new JsonObject();
        foreach (var (name, range) in Ranges.OrderBy(r => r.Key, StringComparer.Ordinal))
            ranges[name] = new JsonArray(range.Min, range.Max);
        var joints = new JsonObject();
        foreach (var (kind, count) in ExpectedJoints.OrderBy(j => j.Key, StringComparer.Ordinal))
            joints[kind.ToLowerInvariant()] = count;
        return new JsonObject
        {
            ["family"] = Family,
            ["count"] = Count,
            ["shape"] = Shape.ToString().ToLowerInvariant(),
            ["size"] = Size.ToString().ToLowerInvariant(),
            ["colour"] = Colour,
            ["rgba"] = Rgba is null ? null : new JsonArray(Rgba.Select(v => (JsonNode)Math.Round(v, 4)).ToArray()),
            ["material"] = new JsonObject
            {
                ["name"] = Material.Name, ["density"] = Material.Density, ["friction"] = Material.Friction,
            },
            ["arrangement"] = Arrangement,
            ["workspace_half_extent"] = WorkspaceHalfExtent,
            ["ranges"] = ranges,
            ["free_bodies"] = new JsonArray(FreeBodies.Select(b => (JsonNode)b).ToArray()),
            ["payload_body"] = PayloadBody,
            ["expected_joints"] = joints,
            ["must_settle"] = MustSettle,
        };
    }

    /// <summary>One line for checkpoints: "family stack: 3 medium wood boxes, stacked, red".</summary>
    public string Describe()
    {
        var shape = Shape.ToString().ToLowerInvariant();
        var noun = Count == 1 ? shape : Shape == PartShape.Box ? "boxes" : shape + "s";
        return $"family {Family}: {Count} {Size.ToString().ToLowerInvariant()} {Material.Name} {noun}, {Arrangement}" +
               (Colour is null ? "" : $", {Colour}");
    }

    /// <summary>How many bodies with a free joint every seed of the script must produce.</summary>
    public int ExpectedFreeBodies => FreeBodies.Count;

    /// <summary>Joints (other than free joints) the family needs, by kind, e.g. {Slide: 1} for a drawer.</summary>
    public IReadOnlyDictionary<string, int> ExpectedJoints { get; init; } = new Dictionary<string, int>();

    /// <summary>False for families whose scene is meant to move from the start (a ball on a ramp); those skip the settle check.</summary>
    public bool MustSettle { get; init; } = true;

    /// <summary>"tall" or "long" when the prompt asks for elongated parts (a long ramp, tall dominoes); null otherwise.</summary>
    public string? Proportion { get; init; }

    /// <summary>Material of the floor when the prompt names one ("on an icy floor"); null keeps the family's default.</summary>
    public MaterialSpec? FloorMaterial { get; init; }
}
