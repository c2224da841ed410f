namespace Benchgen.Generation.Planning;

/// <summary>
/// "A hinged door", "a door on hinges": a door panel with a handle on a vertical hinge in a fixed frame. The payload is
/// the door; the goal zone is where the panel's centre lies once the door is opened outward past an angle.
/// </summary>
public sealed class HingedDoorFamily : IScenarioFamily
{
    /// <summary>Half of the square workspace's side (metres at scale 1.0).</summary>
    public const double WorkspaceHalfExtent = 0.7;

    public string Name => "hinged_door";
    public string Example => "A hinged door";

    // Mechanism words are specific, so they win over generic shape families.
    public int Priority => 10;

    public bool Recognises(PromptText prompt) => prompt.HasAny("door", "doors", "doorway", "gate", "gates");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var colour = prompt.FindColour();
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["door_width"] = new(0.24, 0.42),
            ["door_height"] = new(0.35, 0.6),
            ["door_x"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            ["door_y"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            // Radians the door must be opened past (about 52° to 69°); the hinge stops at 100°.
            ["goal_angle"] = new(0.9, 1.2),
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
            Arrangement: "frame",
            WorkspaceHalfExtent: WorkspaceHalfExtent,
            Ranges: ranges,
            FreeBodies: [],
            PayloadBody: "door")
        {
            ExpectedJoints = new Dictionary<string, int>(StringComparer.Ordinal) { ["Hinge"] = 1 },
            MustSettle = true,
        };
    }
}
