namespace Benchgen.Generation.Planning;

/// <summary>
/// "A box containing three small spheres", "5 balls in a crate": a fixed open container (base and four walls) holding N
/// free balls (or cubes) resting apart on its base; the payload is the first ball, the goal zone a floor region beside
/// the container.
/// </summary>
public sealed class ContainerFamily : IScenarioFamily
{
    public const int MinParts = 1;
    public const int MaxParts = 20;
    public const int DefaultParts = 4;

    private static readonly string[] ContainerWords =
        ["container", "box", "bin", "crate", "basket", "bucket", "tub", "tray", "chest", "bowl", "barrel", "case"];

    public string Name => "container";
    public string Example => "A bin with 5 rubber balls inside";
    public int Priority => 5;

    public bool Recognises(PromptText prompt)
    {
        if (ContainerNoun(prompt) is not { } container) return false;
        var contents = Contents(prompt, container);
        if (contents is null) return false;
        // "A stack of boxes in a crate" stays a stack; balls can only be held, never stacked or laid in a pyramid.
        return contents.Value.Shape == PartShape.Sphere ||
               !prompt.HasAny("stack", "stacked", "tower", "pile", "pyramid") &&
               prompt.HasAny("in", "inside", "containing", "contains", "holding", "holds", "filled", "full", "with", "within");
    }

    public ScenarioPlan Plan(PromptText prompt)
    {
        var container = ContainerNoun(prompt) ?? "container";
        var contents = Contents(prompt, container) ?? (PartShape.Sphere, "balls");
        if (contents.Shape == PartShape.Cylinder)
            throw new UnsupportedPromptException(
                $"The container family holds balls, spheres or cubes; \"{contents.Noun}\" would roll or rock against the walls.");
        var count = FamilyRules.CountInRange(Name, "parts", prompt.FindCountOf(contents.Noun) ?? prompt.FindCount(), DefaultParts, MinParts, MaxParts);
        var size = prompt.FindSize() ?? SizeClass.Medium;
        var nominal = FamilyRules.Nominal(size, 0.02, 0.03, 0.045);
        // The workspace grows with the grid of parts so the goal always fits beside the container.
        var columns = (int)Math.Ceiling(Math.Sqrt(count));
        var outerMax = columns * 2 * nominal * 1.4 * 1.4 / 2 + nominal * 1.4 * 0.8 + 0.02;
        var workspace = Math.Max(0.6, outerMax + 2 * 0.1 + 0.15);
        var ranges = new Dictionary<string, ParameterRange>(StringComparer.Ordinal)
        {
            ["part_radius"] = FamilyRules.Spread(nominal),
            ["part_spacing_fraction"] = new(0.15, 0.4),
            ["wall_margin_fraction"] = new(0.3, 0.8),
            ["wall_height_fraction"] = new(1.2, 2.0),
            ["container_centre_x"] = FamilyRules.Centred(0.5 * workspace),
            ["container_centre_y"] = FamilyRules.Centred(0.5 * workspace),
            ["goal_distance"] = new(0.3, 0.5),
            ["goal_half_extent"] = new(0.06, 0.1),
            ["forbid_half_extent"] = new(0.06, 0.12),
        };
        var prefix = contents.Shape == PartShape.Sphere ? "ball" : "cube";
        var bodies = Enumerable.Range(0, count).Select(i => $"{prefix}_{i}").ToArray();
        var arrangement = prompt.FindArrangement() is "scattered" ? "scattered" : "grid";
        return FamilyRules.Plan(this, prompt, count, contents.Shape, $"{arrangement} in a {Singular(container)}", workspace, ranges, bodies, bodies[0]);
    }

    private static string? ContainerNoun(PromptText prompt) =>
        prompt.Words.FirstOrDefault(w => ContainerWords.Any(c => w == c || w == c + "s" || w == c + "es"));

    private static (PartShape Shape, string Noun)? Contents(PromptText prompt, string container) =>
        prompt.FindShapes().Where(s => s.Noun != container).Cast<(PartShape, string)?>().FirstOrDefault();

    private static string Singular(string word) =>
        word.EndsWith("xes", StringComparison.Ordinal) ? word[..^2] : word.EndsWith('s') ? word[..^1] : word;
}
