namespace Benchgen.Tasks;

/// <summary>A material: density in kg/m³ and sliding friction coefficient.</summary>
public sealed record MaterialProperties(string Name, double Density, double Friction);

/// <summary>The colours and materials a TaskSpec may name, with what the compiler builds for them.</summary>
public static class TaskVocabulary
{
    /// <summary>Colour names → RGBA. "gray" is accepted for "grey".</summary>
    public static readonly IReadOnlyDictionary<string, float[]> Colours = new Dictionary<string, float[]>(StringComparer.Ordinal)
    {
        ["red"] = [0.85f, 0.15f, 0.12f, 1f], ["green"] = [0.18f, 0.65f, 0.25f, 1f], ["blue"] = [0.15f, 0.35f, 0.85f, 1f],
        ["yellow"] = [0.95f, 0.85f, 0.15f, 1f], ["orange"] = [0.95f, 0.55f, 0.1f, 1f], ["purple"] = [0.55f, 0.25f, 0.75f, 1f],
        ["pink"] = [0.95f, 0.5f, 0.7f, 1f], ["white"] = [0.92f, 0.92f, 0.92f, 1f], ["black"] = [0.08f, 0.08f, 0.08f, 1f],
        ["grey"] = [0.5f, 0.5f, 0.5f, 1f], ["gray"] = [0.5f, 0.5f, 0.5f, 1f], ["brown"] = [0.5f, 0.32f, 0.18f, 1f],
        ["cyan"] = [0.1f, 0.75f, 0.8f, 1f],
    };

    /// <summary>The rainbow order "rainbow coloured" assigns, bottom/first to top/last.</summary>
    public static readonly IReadOnlyList<string> Rainbow = ["red", "orange", "yellow", "green", "blue", "purple"];

    public static readonly IReadOnlyDictionary<string, MaterialProperties> Materials = new Dictionary<string, MaterialProperties>(StringComparer.Ordinal)
    {
        ["wood"] = new("wood", 700, 0.6), ["steel"] = new("steel", 7800, 0.4), ["aluminium"] = new("aluminium", 2700, 0.45),
        ["plastic"] = new("plastic", 1100, 0.5), ["rubber"] = new("rubber", 1200, 0.9), ["stone"] = new("stone", 2500, 0.7),
        ["glass"] = new("glass", 2500, 0.4), ["foam"] = new("foam", 100, 0.8), ["ice"] = new("ice", 917, 0.05),
    };

    public static float[]? Rgba(string? colour) => colour is not null && Colours.TryGetValue(colour, out var rgba) ? (float[])rgba.Clone() : null;
}
