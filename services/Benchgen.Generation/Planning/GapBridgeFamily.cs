namespace Benchgen.Generation.Planning;

/// <summary>
/// "Two platforms separated by a gap; move the cube across": two fixed platforms with a gap between them (a forbid zone
/// from the floor up to the platform tops) and one free payload on the near platform; the goal zone is on the far one.
/// </summary>
public sealed class GapBridgeFamily : IScenarioFamily
{
    public const double WorkspaceHalfExtent = 0.8;

    public string Name => "gap_bridge";
    public string Example => "Two platforms separated by a gap; move the cube across";
    public int Priority => 7;

    public bool Recognises(PromptText prompt) =>
        prompt.HasAny("gap", "gaps", "chasm", "bridge", "bridging", "bridged", "crevasse") ||
        prompt.HasAny("platforms") && prompt.HasAny("across", "cross", "crossing", "between");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var found = prompt.FindShape();
        var shape = found?.Shape ?? PartShape.Box;
        FamilyRules.CountInRange(Name, "payload", found is null ? null : prompt.FindCountOf(found.Value.Noun), 1, 1, 1);
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var nominal = FamilyRules.Nominal(size, 0.02, 0.03, 0.045);
        var wide = prompt.FindProportion() == "long" ? 1.3 : 1.0;
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["payload_half_extent"] = FamilyRules.Spread(nominal),
            ["platform_height"] = new(0.06, 0.14),
            ["platform_length"] = new(0.18, 0.3),
            ["platform_half_width"] = new(0.08, 0.14),
            ["gap_width"] = new(FamilyRules.Round(0.1 * wide), FamilyRules.Round(0.25 * wide)),
            // Where the payload starts on the near platform, as a fraction of the platform length from the gap.
            ["start_fraction"] = new(0.3, 0.7),
            ["goal_half_extent"] = new(0.05, 0.09),
            ["gap_centre_x"] = FamilyRules.Centred(0.5 * WorkspaceHalfExtent),
            ["gap_centre_y"] = FamilyRules.Centred(0.5 * WorkspaceHalfExtent),
        };
        return FamilyRules.Plan(this, prompt, 1, shape, "across a gap", WorkspaceHalfExtent, ranges, ["payload"], "payload");
    }
}
