namespace Benchgen.Generation.Planning;

/// <summary>
/// "A stack of 3 blocks", "A tower of five cubes": N free blocks (boxes or upright cylinders) stacked on the floor;
/// the payload is the top block and the goal zone is a region of the floor away from the stack.
/// </summary>
public sealed class StackFamily : IScenarioFamily
{
    public const int MinBlocks = 2;
    public const int MaxBlocks = 20;
    public const int DefaultBlocks = 3;

    /// <summary>Half of the square workspace's side (metres at scale 1.0): the build zone spans ±this in x and y.</summary>
    public const double WorkspaceHalfExtent = 0.6;

    public string Name => "stack";
    public string Example => "A stack of 3 blocks";
    public int Priority => 0;

    public bool Recognises(PromptText prompt) =>
        prompt.HasAny("stack", "stacks", "stacked", "stacking", "tower", "towers", "pile", "piled");

    public ScenarioPlan Plan(PromptText prompt)
    {
        var count = prompt.FindCount() ?? DefaultBlocks;
        if (count is < MinBlocks or > MaxBlocks)
            throw new UnsupportedPromptException(
                $"A stack needs {MinBlocks} to {MaxBlocks} blocks; the prompt asks for {(count == int.MaxValue ? "far more" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");

        var shape = PartShape.Box;
        if (prompt.FindShape() is { } found)
        {
            if (found.Shape is not (PartShape.Box or PartShape.Cylinder))
                throw new UnsupportedPromptException(
                    $"The stack family stacks blocks, cubes, boxes or cylinders; \"{found.Noun}\" cannot be stacked into a tower.");
            shape = found.Shape;
        }

        var size = prompt.FindSize() ?? SizeClass.Medium;
        var colour = prompt.FindColour();
        var arrangement = prompt.HasAny("staggered", "offset", "leaning", "jagged", "uneven") ? "staggered" : "aligned";

        // Nominal half-extent per size word; seeds draw within ±40% of it so dimensions vary visibly.
        var nominal = size switch { SizeClass.Small => 0.025, SizeClass.Large => 0.06, _ => 0.04 };
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["block_half_extent"] = new(Round(nominal * 0.6), Round(nominal * 1.4)),
            ["block_half_height"] = new(Round(nominal * 0.6), Round(nominal * 1.4)),
            // The stack's centre may land anywhere in the middle half of the workspace (±50% of its half-extent).
            ["stack_centre_x"] = new(-0.5 * WorkspaceHalfExtent, 0.5 * WorkspaceHalfExtent),
            ["stack_centre_y"] = new(-0.5 * WorkspaceHalfExtent, 0.5 * WorkspaceHalfExtent),
            ["goal_distance"] = new(0.25, 0.45),
            ["goal_half_extent"] = new(0.06, 0.1),
            ["forbid_half_extent"] = new(0.06, 0.12),
            // Larger sideways offsets make MuJoCo 2.2's box-box contacts chatter, so the tower never comes to rest.
            ["stagger_fraction"] = arrangement == "staggered" ? new(0.02, 0.06) : new(0, 0),
        };

        var bodies = Enumerable.Range(0, count).Select(i => $"block_{i}").ToArray();
        return new ScenarioPlan(
            Family: Name,
            Prompt: prompt.Original,
            Count: count,
            Shape: shape,
            Size: size,
            Colour: colour?.Name,
            Rgba: colour?.Rgba,
            Material: prompt.FindMaterial() ?? PromptText.DefaultMaterial,
            Arrangement: arrangement,
            WorkspaceHalfExtent: WorkspaceHalfExtent,
            Ranges: ranges,
            FreeBodies: bodies,
            PayloadBody: bodies[^1]);
    }

    private static double Round(double value) => Math.Round(value, 5);
}
