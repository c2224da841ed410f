namespace Benchgen.Generation.Planning;

/// <summary>
/// "A peg next to a block with a hole", "peg and hole": a free square peg standing beside a fixed block with a square
/// hole down to the floor. The payload is the peg; the goal zone is the inside of the hole.
/// </summary>
public sealed class PegInHoleFamily : IScenarioFamily
{
    /// <summary>Half of the square workspace's side (metres at scale 1.0).</summary>
    public const double WorkspaceHalfExtent = 0.6;

    public string Name => "peg_in_hole";
    public string Example => "A peg next to a block with a hole";

    // Mechanism words are specific, so they win over generic shape families.
    public int Priority => 10;

    public bool Recognises(PromptText prompt) => prompt.Words.Any(IsPegWord) || (prompt.HasAny("hole", "holes", "socket") && prompt.HasAny("insert", "inserting", "plug", "fit", "fitting"));

    public ScenarioPlan Plan(PromptText prompt)
    {
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var colour = prompt.FindColour();
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["peg_half_width"] = new(0.018, 0.032),
            // Peg half height over half width, hole clearance over half width, block height over peg half height.
            ["peg_aspect"] = new(1.6, 2.6),
            ["clearance_fraction"] = new(0.3, 0.5),
            ["block_height_ratio"] = new(1.1, 1.6),
            ["block_wall"] = new(0.03, 0.06),
            ["block_x"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            ["block_y"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            ["peg_distance"] = new(0.06, 0.2),
        };
        return new ScenarioPlan(
            Family: Name,
            Prompt: prompt.Original,
            Count: 1,
            Shape: PartShape.Box,
            Size: size,
            Colour: colour?.Name,
            Rgba: colour?.Rgba,
            Material: prompt.FindMaterial() ?? PromptText.DefaultMaterial,
            Arrangement: "beside",
            WorkspaceHalfExtent: WorkspaceHalfExtent,
            Ranges: ranges,
            FreeBodies: ["peg"],
            PayloadBody: "peg")
        {
            ExpectedJoints = new Dictionary<string, int>(StringComparer.Ordinal),
            MustSettle = true,
        };
    }

    private static bool IsPegWord(string word) =>
        word is "peg" or "pegs" || word.Split('-').Any(part => part is "peg" or "pegs");
}
