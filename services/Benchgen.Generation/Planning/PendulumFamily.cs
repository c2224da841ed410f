namespace Benchgen.Generation.Planning;

/// <summary>
/// "A pendulum hanging from a frame": a bob on an arm hinged to a fixed frame, hanging still at rest. The payload is the
/// bob; the goal zone is where it rests after being swung up and over the bar onto a stop just past upright.
/// </summary>
public sealed class PendulumFamily : IScenarioFamily
{
    /// <summary>Half of the square workspace's side (metres at scale 1.0).</summary>
    public const double WorkspaceHalfExtent = 0.7;

    public string Name => "pendulum";
    public string Example => "A pendulum hanging from a frame";

    // Mechanism words are specific, so they win over generic shape families.
    public int Priority => 10;

    public bool Recognises(PromptText prompt) => prompt.HasAny("pendulum", "pendulums", "pendula") || (prompt.HasAny("bob") && prompt.HasAny("swing", "swinging", "hanging", "hinge", "hinged"));

    public ScenarioPlan Plan(PromptText prompt)
    {
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var colour = prompt.FindColour();
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["arm_length"] = new(0.18, 0.32),
            ["bob_radius"] = new(0.025, 0.045),
            ["floor_clearance"] = new(0.05, 0.12),
            ["frame_x"] = new(-0.36 * WorkspaceHalfExtent, 0.36 * WorkspaceHalfExtent),
            ["frame_y"] = new(-0.36 * WorkspaceHalfExtent, 0.36 * WorkspaceHalfExtent),
            // Radians past upright where the stop catches the arm.
            ["stop_angle"] = new(0.25, 0.45),
        };
        return new ScenarioPlan(
            Family: Name,
            Prompt: prompt.Original,
            Count: 1,
            Shape: PartShape.Sphere,
            Size: size,
            Colour: colour?.Name,
            Rgba: colour?.Rgba,
            Material: prompt.FindMaterial() ?? PromptText.DefaultMaterial,
            Arrangement: "frame",
            WorkspaceHalfExtent: WorkspaceHalfExtent,
            Ranges: ranges,
            FreeBodies: [],
            PayloadBody: "bob")
        {
            ExpectedJoints = new Dictionary<string, int>(StringComparer.Ordinal) { ["Hinge"] = 1 },
            MustSettle = true,
        };
    }
}
