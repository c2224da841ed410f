using System.Globalization;
using Benchgen.Generation.Planning;

namespace Benchgen.Generation.Tasks.Parsing;

/// <summary>What a prompt says about one of the twelve catalogue scenes: the preset, and the attributes it reads.</summary>
public sealed record PresetReading(
    string Preset,
    int Count,
    PartShape Shape,
    SizeClass Size,
    string? Colour,
    string Material,
    string Arrangement,
    string? FloorMaterial)
{
    /// <summary>"heavy"/"heavier" with no material word: the lever's weight is made of steel (7800 kg/m³, 11× wood).</summary>
    public bool Heavy { get; init; }
}

/// <summary>
/// A preset the prompt describes: its reading, or — when the prompt names the scene but asks for something the preset
/// cannot build ("a stack of 3 balls", "a pyramid of 2 blocks") — the reason, which the parser reports instead of
/// building some other task.
/// </summary>
public sealed record PresetRecognition(string Preset, PresetReading? Reading, string? Refusal);

/// <summary>
/// Recognises descriptions of the twelve catalogue scenes ("A stack of 3 blocks", "A box containing three small
/// spheres", "A hinged door") and reads the count, shape, size, colour, material, arrangement and floor material the
/// preset takes. One table, highest priority first: the articulated presets and the pyramid (10) before dominoes (9),
/// ramp (8), gap (7), sideways transfer (6), container (5) and the stack (0), so "a pyramid of boxes in a crate" stays a
/// pyramid and "a stack of boxes" is not a container. Offline and deterministic.
/// </summary>
public static class PresetRecogniser
{
    private sealed record Rule(string Name, int Priority, Func<PromptText, bool> Recognises, Func<PromptText, PresetReading> Read);

    private static readonly string[] ContainerWords =
        ["container", "box", "bin", "crate", "basket", "bucket", "tub", "tray", "chest", "bowl", "barrel", "case"];

    private static readonly Rule[] Rules = new Rule[]
    {
        new("stack", 0,
            p => p.HasAny("stack", "stacks", "stacked", "stacking", "tower", "towers", "pile", "piled"),
            p => Reading("stack", p, Count("stack", "blocks", p.FindCount(), 3, 2, 20),
                Shape(p, "stack", "stacks blocks, cubes, boxes or cylinders", "cannot be stacked into a tower", PartShape.Box, PartShape.Box, PartShape.Cylinder),
                p.HasAny("staggered", "offset", "leaning", "jagged", "uneven") ? "staggered" : "aligned")),
        new("pyramid", 10,
            p => p.HasAny("pyramid", "pyramids", "pyramidal", "triangular", "triangle"),
            p => Reading("pyramid", p, Count("pyramid", "blocks", p.FindCount(), 6, 3, 21),
                Shape(p, "pyramid", "builds pyramids of blocks, cubes or bricks", "cannot be laid in pyramid rows", PartShape.Box, PartShape.Box), "pyramid")),
        new("container", 5, RecognisesContainer, ReadContainer),
        new("ramp", 8,
            p => p.HasAny("ramp", "ramps", "incline", "inclined", "slope", "sloped", "sloping", "chute") ||
                 p.HasAny("downhill") && p.HasAny("roll", "rolls", "rolling"),
            p => Single("ramp", p, "ball", Shape(p, "ramp", "rolls a ball or sphere down the ramp", "would slide or tumble instead of rolling",
                PartShape.Sphere, PartShape.Sphere), "ramp")),
        new("dominoes", 9,
            p => p.HasAny("domino", "dominoes", "dominos"),
            p => Reading("dominoes", p, Count("dominoes", "dominoes", p.FindCountOf("domino", "dominoes", "dominos") ?? p.FindCount(), 6, 2, 20),
                PartShape.Box, "row")),
        new("gap_bridge", 7,
            p => p.HasAny("gap", "gaps", "chasm", "bridge", "bridging", "bridged", "crevasse") ||
                 p.HasAny("platforms") && p.HasAny("across", "cross", "crossing", "between"),
            p => Single("gap_bridge", p, "payload", p.FindShape()?.Shape ?? PartShape.Box, "platforms")),
        new("sideways_transfer", 6,
            p => p.HasAny("obstacle", "obstacles", "barrier", "barriers", "sideways", "sideway", "laterally") ||
                 p.HasAny("wall", "walls") && p.HasAny("past", "over", "around", "beyond", "behind"),
            p => Single("sideways_transfer", p, "payload", p.FindShape()?.Shape ?? PartShape.Sphere, "wall")),
        new("drawer", 10, p => p.HasAny("drawer", "drawers", "dresser"), p => Reading("drawer", p, 1, PartShape.Box, "cabinet")),
        new("lever", 10,
            p => p.HasAny("lever", "levers", "seesaw", "seesaws", "see-saw", "see-saws", "teeter-totter", "teeter", "fulcrum"),
            p => Reading("lever", p, 1, PartShape.Box, "seesaw") with { Heavy = p.HasAny("heavy", "heavier") && p.FindMaterial() is null }),
        new("peg_in_hole", 10,
            p => p.Words.Any(IsPegWord) || p.HasAny("hole", "holes", "socket") && p.HasAny("insert", "inserting", "plug", "fit", "fitting"),
            p => Reading("peg_in_hole", p, 1, PartShape.Box, "beside")),
        new("pendulum", 10,
            p => p.HasAny("pendulum", "pendulums", "pendula") || p.HasAny("bob") && p.HasAny("swing", "swinging", "hanging", "hinge", "hinged"),
            p => Reading("pendulum", p, 1, PartShape.Box, "frame")),
        new("hinged_door", 10, p => p.HasAny("door", "doors", "doorway", "gate", "gates"), p => Reading("hinged_door", p, 1, PartShape.Box, "frame")),
    }.OrderByDescending(r => r.Priority).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray();

    /// <summary>The twelve presets, in the order they are tried.</summary>
    public static IReadOnlyList<string> Names { get; } = Rules.Select(r => r.Name).ToArray();

    /// <summary>The first preset whose words the prompt uses, with its reading or refusal; null when none applies.</summary>
    /// <exception cref="ArgumentException">The prompt is empty or longer than <see cref="PromptText.MaxLength"/>.</exception>
    public static PresetRecognition? Recognise(string prompt)
    {
        var text = PromptText.From(prompt);
        var rule = Rules.FirstOrDefault(r => r.Recognises(text));
        if (rule is null) return null;
        try { return new PresetRecognition(rule.Name, rule.Read(text), null); }
        catch (RefusedException refused) { return new PresetRecognition(rule.Name, null, refused.Message); }
    }

    private static bool RecognisesContainer(PromptText p)
    {
        if (ContainerNoun(p) is not { } container || Contents(p, container) is not { } contents) return false;
        // "A stack of boxes in a crate" stays a stack; balls can only be held, never stacked or laid in a pyramid.
        return contents.Shape == PartShape.Sphere ||
               !p.HasAny("stack", "stacked", "tower", "pile", "pyramid") &&
               p.HasAny("in", "inside", "containing", "contains", "holding", "holds", "filled", "full", "with", "within");
    }

    private static PresetReading ReadContainer(PromptText p)
    {
        var container = ContainerNoun(p) ?? "container";
        var contents = Contents(p, container) ?? (PartShape.Sphere, "balls");
        if (contents.Shape == PartShape.Cylinder)
            throw new RefusedException($"the container preset holds balls, spheres or cubes; '{contents.Noun}' would roll or rock against the walls");
        var count = Count("container", "parts", p.FindCountOf(contents.Noun) ?? p.FindCount(), 4, 1, 20);
        return Reading("container", p, count, contents.Shape, p.FindArrangement() is "scattered" ? "scattered" : "grid");
    }

    private static string? ContainerNoun(PromptText p) =>
        p.Words.FirstOrDefault(w => ContainerWords.Any(c => w == c || w == c + "s" || w == c + "es"));

    private static (PartShape Shape, string Noun)? Contents(PromptText p, string container) =>
        p.FindShapes().Where(s => s.Noun != container).Cast<(PartShape, string)?>().FirstOrDefault();

    private static bool IsPegWord(string word) => word is "peg" or "pegs" or "peg-in-hole" || word.StartsWith("peg-", StringComparison.Ordinal);

    /// <summary>A preset that moves exactly one part: a count before its noun other than one is refused.</summary>
    private static PresetReading Single(string preset, PromptText p, string parts, PartShape shape, string arrangement)
    {
        var noun = p.FindShape()?.Noun;
        Count(preset, parts, noun is null ? null : p.FindCountOf(noun), 1, 1, 1);
        return Reading(preset, p, 1, shape, arrangement);
    }

    private static int Count(string preset, string parts, int? asked, int fallback, int min, int max)
    {
        var count = asked ?? fallback;
        if (count < min || count > max)
            throw new RefusedException(min == max
                ? $"the {preset} preset moves exactly {min} {parts}; the prompt asks for {Say(count)}"
                : $"the {preset} preset builds {min} to {max} {parts}; the prompt asks for {Say(count)}");
        return count;
    }

    private static PartShape Shape(PromptText p, string preset, string does, string cannot, PartShape fallback, params PartShape[] allowed)
    {
        if (p.FindShape() is not { } found) return fallback;
        if (!allowed.Contains(found.Shape)) throw new RefusedException($"the {preset} preset {does}; '{found.Noun}' {cannot}");
        return found.Shape;
    }

    private static PresetReading Reading(string preset, PromptText p, int count, PartShape shape, string arrangement) => new(
        preset, count, shape, p.FindSize() ?? SizeClass.Medium, p.FindColour()?.Name, (p.FindMaterial() ?? PromptText.DefaultMaterial).Name,
        arrangement, p.FindFloorMaterial()?.Name);

    private static string Say(int count) => count == int.MaxValue ? "far more" : count.ToString(CultureInfo.InvariantCulture);

    private sealed class RefusedException(string message) : Exception(message);
}
