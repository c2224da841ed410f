namespace Benchgen.Generation.Planning;

/// <summary>
/// "A row of 8 dominoes": N free dominoes standing in a straight row, closer together than their height so toppling one
/// knocks the next; the payload is the last domino and the goal zone lies beyond the end of the row.
/// </summary>
public sealed class DominoesFamily : IScenarioFamily
{
    public const int MinDominoes = 2;
    public const int MaxDominoes = 20;
    public const int DefaultDominoes = 6;

    public string Name => "dominoes";
    public string Example => "A row of 8 dominoes";
    public int Priority => 9;

    public bool Recognises(PromptText prompt) => prompt.HasAny("domino", "dominoes", "dominos");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var count = FamilyRules.CountInRange(Name, "dominoes",
            prompt.FindCountOf("domino", "dominoes", "dominos") ?? prompt.FindCount(), DefaultDominoes, MinDominoes, MaxDominoes);
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var tall = prompt.FindProportion() == "tall" ? 1.4 : 1.0;
        var thickness = FamilyRules.Nominal(size, 0.005, 0.008, 0.011);
        var width = FamilyRules.Nominal(size, 0.015, 0.025, 0.035);
        var height = FamilyRules.Nominal(size, 0.03, 0.05, 0.07) * tall;
        const double spacingMax = 0.75;
        // The workspace grows with the row so twenty dominoes, the goal and the forbid zone still fit.
        var spanMax = (count - 1) * 2 * height * 1.4 * spacingMax + thickness * 1.4 + 0.15 + 0.2 + 0.04 + 0.2;
        var workspace = Math.Max(0.6, spanMax / 2 + 0.1);
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["domino_half_thickness"] = FamilyRules.Spread(thickness),
            ["domino_half_width"] = FamilyRules.Spread(width),
            ["domino_half_height"] = FamilyRules.Spread(height),
            // Spacing as a fraction of the domino's height: below 1 so each falling domino reaches the next.
            ["spacing_fraction"] = new(0.5, spacingMax),
            ["row_centre"] = FamilyRules.Centred(0.5 * workspace),
            ["row_lateral"] = FamilyRules.Centred(0.5 * workspace),
            ["goal_distance"] = new(0.06, 0.15),
            ["goal_half_extent"] = new(0.06, 0.1),
            ["forbid_half_extent"] = new(0.05, 0.1),
        };
        var bodies = Enumerable.Range(0, count).Select(i => $"domino_{i}").ToArray();
        return FamilyRules.Plan(this, prompt, count, PartShape.Box, "row", workspace, ranges, bodies, bodies[^1]);
    }
}
