namespace Benchgen.Generation.Planning;

/// <summary>
/// "A sliding drawer with a handle", "a cabinet drawer": a fixed cabinet with one drawer on a slide joint; the payload
/// is the drawer and the goal zone is where its centre lies once pulled open past a distance.
/// </summary>
public sealed class DrawerFamily : IScenarioFamily
{
    /// <summary>Half of the square workspace's side (metres at scale 1.0).</summary>
    public const double WorkspaceHalfExtent = 0.8;

    public string Name => "drawer";
    public string Example => "A sliding drawer with a handle";

    // Mechanism words are specific, so they win over generic shape families ("a box with a drawer").
    public int Priority => 10;

    public bool Recognises(PromptText prompt) => prompt.HasAny("drawer", "drawers", "dresser");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var colour = prompt.FindColour();
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["cabinet_width"] = new(0.24, 0.44),
            ["cabinet_depth"] = new(0.22, 0.38),
            ["cabinet_height"] = new(0.18, 0.34),
            // The cabinet may stand anywhere in the middle ±40% of the workspace, facing any of four directions.
            ["cabinet_x"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            ["cabinet_y"] = new(-0.4 * WorkspaceHalfExtent, 0.4 * WorkspaceHalfExtent),
            ["goal_open_fraction"] = new(0.45, 0.65),
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
            Arrangement: "cabinet",
            WorkspaceHalfExtent: WorkspaceHalfExtent,
            Ranges: ranges,
            FreeBodies: [],
            PayloadBody: "drawer")
        {
            ExpectedJoints = new Dictionary<string, int>(StringComparer.Ordinal) { ["Slide"] = 1 },
            MustSettle = true,
        };
    }
}
