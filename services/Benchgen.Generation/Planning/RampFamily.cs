namespace Benchgen.Generation.Planning;

/// <summary>
/// "A ball rolling down a ramp into a goal zone": a fixed inclined ramp with one free ball at its top. The scene moves
/// from the start (the ball rolls down, along a run-out and comes to rest against a backstop inside the goal zone), so
/// it does not have to rest where it begins.
/// </summary>
public sealed class RampFamily : IScenarioFamily
{
    public const double WorkspaceHalfExtent = 0.8;

    public string Name => "ramp";
    public string Example => "A ball rolling down a ramp into a goal zone";
    public int Priority => 8;

    public bool Recognises(PromptText prompt) =>
        prompt.HasAny("ramp", "ramps", "incline", "inclined", "slope", "sloped", "sloping", "chute") ||
        prompt.HasAny("downhill") && prompt.HasAny("roll", "rolls", "rolling");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var shape = prompt.FindShape();
        if (shape is { Shape: not PartShape.Sphere } found)
            throw new UnsupportedPromptException(
                $"The ramp family rolls a ball or sphere down the ramp; \"{found.Noun}\" would slide or tumble instead of rolling.");
        FamilyRules.CountInRange(Name, "ball", shape is null ? null : prompt.FindCountOf(shape.Value.Noun), 1, 1, 1);
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var nominal = FamilyRules.Nominal(size, 0.02, 0.03, 0.04);
        var longRamp = prompt.FindProportion() is "long" or "tall";
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["ball_radius"] = FamilyRules.Spread(nominal),
            ["ramp_length"] = longRamp ? new(0.35, 0.63) : new(0.25, 0.45),
            // Radians (about 7 to 18 degrees): steep enough to beat rolling resistance, gentle enough to stop at the backstop.
            ["ramp_angle"] = new(0.12, 0.32),
            ["ramp_half_width"] = new(0.06, 0.1),
            ["runout_length"] = new(0.05, 0.15),
            ["goal_length"] = new(0.1, 0.18),
            ["forbid_half_extent"] = new(0.04, 0.08),
            ["ramp_centre_x"] = FamilyRules.Centred(0.5 * WorkspaceHalfExtent),
            ["ramp_centre_y"] = FamilyRules.Centred(0.5 * WorkspaceHalfExtent),
        };
        return FamilyRules.Plan(this, prompt, 1, PartShape.Sphere, "rolling", WorkspaceHalfExtent, ranges, ["ball"], "ball")
            with { MustSettle = false };
    }
}
