namespace Benchgen.Generation.Planning;

/// <summary>
/// "Move the ball sideways into the goal zone, past an obstacle wall": one free payload on the floor on one side of a
/// fixed wall; the goal zone is on the other side and the wall's region is a forbid zone.
/// </summary>
public sealed class SidewaysTransferFamily : IScenarioFamily
{
    public const double WorkspaceHalfExtent = 0.6;

    public string Name => "sideways_transfer";
    public string Example => "Move the ball sideways into the goal zone, past an obstacle wall";
    public int Priority => 6;

    public bool Recognises(PromptText prompt) =>
        prompt.HasAny("obstacle", "obstacles", "barrier", "barriers", "sideways", "sideway", "laterally") ||
        prompt.HasAny("wall", "walls") && prompt.HasAny("past", "over", "around", "beyond", "behind");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var found = prompt.FindShape();
        var shape = found?.Shape ?? PartShape.Sphere;
        FamilyRules.CountInRange(Name, "payload", found is null ? null : prompt.FindCountOf(found.Value.Noun), 1, 1, 1);
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var nominal = FamilyRules.Nominal(size, 0.02, 0.03, 0.045);
        var tall = prompt.FindProportion() == "tall" ? 1.4 : 1.0;
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["payload_half_extent"] = FamilyRules.Spread(nominal),
            ["wall_half_thickness"] = new(0.01, 0.03),
            ["wall_height"] = new(FamilyRules.Round(0.08 * tall), FamilyRules.Round(0.2 * tall)),
            ["wall_half_length"] = new(0.12, 0.25),
            ["wall_clearance"] = new(0.04, 0.12),
            ["goal_half_extent"] = new(0.05, 0.09),
            // Where payload and goal sit along the wall, as a fraction of the wall's half-length.
            ["lane_offset"] = new(-0.6, 0.6),
            ["wall_centre_x"] = FamilyRules.Centred(0.5 * WorkspaceHalfExtent),
            ["wall_centre_y"] = FamilyRules.Centred(0.5 * WorkspaceHalfExtent),
        };
        return FamilyRules.Plan(this, prompt, 1, shape, "past a wall", WorkspaceHalfExtent, ranges, ["payload"], "payload");
    }
}
