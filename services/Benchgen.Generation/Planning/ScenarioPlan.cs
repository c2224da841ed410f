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
    /// <summary>How many bodies with a free joint every seed of the script must produce.</summary>
    public int ExpectedFreeBodies => FreeBodies.Count;

    /// <summary>Joints (other than free joints) the family needs, by kind, e.g. {Slide: 1} for a drawer.</summary>
    public IReadOnlyDictionary<string, int> ExpectedJoints { get; init; } = new Dictionary<string, int>();

    /// <summary>False for families whose scene is meant to move from the start (a ball on a ramp); those skip the settle check.</summary>
    public bool MustSettle { get; init; } = true;
}
