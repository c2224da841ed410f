namespace Benchgen.Generation.Planning;

/// <summary>
/// "A pyramid of 6 blocks": N equal free blocks in rows from the base up (3 + 2 + 1), each row centred on the one below;
/// the payload is the top block and the goal zone is a floor region in front of or behind the pyramid.
/// </summary>
public sealed class PyramidFamily : IScenarioFamily
{
    public const int MinBlocks = 3;
    public const int MaxBlocks = 21;
    public const int DefaultBlocks = 6;
    public const double WorkspaceHalfExtent = 0.8;

    public string Name => "pyramid";
    public string Example => "A pyramid of 6 blocks";
    public int Priority => 10;

    public bool Recognises(PromptText prompt) => prompt.HasAny("pyramid", "pyramids", "pyramidal", "triangular", "triangle");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var count = FamilyRules.CountInRange(Name, "blocks", prompt.FindCount(), DefaultBlocks, MinBlocks, MaxBlocks);
        if (prompt.FindShape() is { } found && found.Shape != PartShape.Box)
            throw new UnsupportedPromptException(
                $"The pyramid family builds pyramids of blocks, cubes or bricks; \"{found.Noun}\" cannot be laid in pyramid rows.");
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var nominal = FamilyRules.Nominal(size, 0.025, 0.04, 0.06);
        var height = prompt.FindProportion() == "tall" ? nominal * 1.4 : nominal;
        var half = 0.5 * WorkspaceHalfExtent;
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["block_half_extent"] = FamilyRules.Spread(nominal),
            ["block_half_height"] = FamilyRules.Spread(height),
            // Gap between neighbouring blocks of a row, as a fraction of the block's half-width: no side contact at rest.
            ["row_gap_fraction"] = new(0.15, 0.35),
            ["pyramid_centre_x"] = FamilyRules.Centred(half),
            ["pyramid_centre_y"] = FamilyRules.Centred(half),
            ["goal_distance"] = new(0.25, 0.45),
            ["goal_offset"] = FamilyRules.Centred(0.15),
            ["goal_half_extent"] = new(0.06, 0.1),
            ["forbid_half_extent"] = new(0.06, 0.12),
        };
        var bodies = Enumerable.Range(0, count).Select(i => $"block_{i}").ToArray();
        return FamilyRules.Plan(this, prompt, count, PartShape.Box, "pyramid", WorkspaceHalfExtent, ranges, bodies, bodies[^1]);
    }
}
