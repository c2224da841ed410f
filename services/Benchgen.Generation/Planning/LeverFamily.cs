namespace Benchgen.Generation.Planning;

/// <summary>
/// "A lever on a fulcrum with a weight on one end", "a seesaw": a beam balanced on a hinge over a fixed fulcrum, one end
/// on the floor under a free weight. The payload is the weight; the goal zone is on the other end once it has tipped down,
/// so the goal is a resting state of the scene (the replay releases the payload and it must stay).
/// </summary>
public sealed class LeverFamily : IScenarioFamily
{
    /// <summary>Half of the square workspace's side (metres at scale 1.0).</summary>
    public const double WorkspaceHalfExtent = 0.7;

    public string Name => "lever";
    public string Example => "A lever on a fulcrum with a weight on one end";

    // Mechanism words are specific, so they win over generic shape families.
    public int Priority => 10;

    public bool Recognises(PromptText prompt) => prompt.HasAny("lever", "levers", "seesaw", "seesaws", "see-saw", "see-saws", "teeter-totter", "teeter", "fulcrum");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var colour = prompt.FindColour();
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["beam_half_length"] = new(0.22, 0.38),
            // Fulcrum height over beam half length: the beam's tilt at rest (about 10° to 19°).
            ["tilt_ratio"] = new(0.18, 0.32),
            ["weight_half_extent"] = new(0.025, 0.045),
            ["lever_x"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            ["lever_y"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
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
            Arrangement: "seesaw",
            WorkspaceHalfExtent: WorkspaceHalfExtent,
            Ranges: ranges,
            FreeBodies: ["weight"],
            PayloadBody: "weight")
        {
            ExpectedJoints = new Dictionary<string, int>(StringComparer.Ordinal) { ["Hinge"] = 1 },
            MustSettle = true,
        };
    }
}
