using System.Globalization;
using System.Text.Json;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Tasks.Parsing;

using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>
/// The twelve catalogue families as presets of the asset library: a preset TaskSpec names the family and carries the
/// objects, placements, initial state, goal, zones and variation ranges of the family's default task, and compiles
/// through the task template like any other spec. <see cref="PresetRecogniser"/> recognises the
/// scene in a prompt and reads its count, shape, size, colour and material. Object ids are numbered from 1 (<c>block_1</c>); the
/// script's <c>task</c> block maps each id to its MJCF body.
/// </summary>
public static class PresetCatalogue
{
    public static IReadOnlyList<string> Names => PresetRecogniser.Names;

    /// <summary>
    /// Words each preset understands beyond counts, colours, sizes, materials and function words. Proportion words
    /// ("tall", "long", "steep", "wide", "short") are not among them: the library's assets have no such parameter, so a
    /// prompt that asks for one is rejected naming the word instead of building ordinary proportions.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Vocabulary = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["stack"] = ["stack", "stacks", "stacked", "stacking", "tower", "towers", "pile", "piled", "block", "blocks", "cube", "cubes",
            "brick", "bricks", "cylinder", "cylinders", "box", "boxes", "staggered", "offset", "leaning", "jagged", "uneven", "aligned",
            "floor", "ground", "surface"],
        ["pyramid"] = ["pyramid", "pyramids", "triangle", "triangular", "stepped", "block", "blocks", "cube", "cubes", "brick", "bricks",
            "box", "boxes", "floor", "ground"],
        ["container"] = ["container", "containers", "box", "boxes", "bin", "bins", "crate", "crates", "basket", "bucket", "ball", "balls",
            "sphere", "spheres", "marble", "marbles", "cube", "cubes", "block", "blocks", "inside", "containing", "contains", "filled",
            "holding", "full", "open"],
        ["ramp"] = ["ramp", "incline", "inclined", "slope", "roll", "rolling", "rolls", "ball", "balls", "sphere", "marble", "down",
            "downhill", "chute", "goal", "zone", "into"],
        ["dominoes"] = ["domino", "dominoes", "dominos", "row", "rows", "line", "lines", "standing", "upright"],
        ["gap_bridge"] = ["gap", "gaps", "bridge", "platform", "platforms", "separated", "move", "cube", "block", "ball", "cylinder",
            "across", "cross", "over", "chasm", "span"],
        ["sideways_transfer"] = ["move", "sideways", "ball", "cube", "block", "cylinder", "goal", "zone", "into", "past", "obstacle",
            "wall", "barrier", "around", "over", "transfer"],
        ["drawer"] = ["drawer", "drawers", "sliding", "slide", "handle", "cabinet", "pull"],
        ["lever"] = ["lever", "levers", "fulcrum", "seesaw", "see-saw", "heavy", "heavier", "weight", "weights", "end", "ends", "pivot", "beam", "balance", "class",
            "variable", "varying", "position", "movable"],
        ["peg_in_hole"] = ["peg", "pegs", "peg-in-hole", "hole", "holes", "block", "next", "insert", "socket", "plug", "slot", "square", "beside"],
        ["pendulum"] = ["pendulum", "pendulums", "hanging", "hangs", "frame", "bob", "swing", "string", "arm", "from"],
        ["hinged_door"] = ["door", "doors", "hinge", "hinges", "hinged", "gate", "swing", "frame", "handle"],
    };

    /// <summary>The preset TaskSpec of a recognised scene: its objects, start state and the preset's default goal.</summary>
    public static TaskSpec FromReading(PresetReading reading)
    {
        var part = reading.Shape switch { PartShape.Cylinder => "cylinder", PartShape.Sphere => "ball", _ => "block" };
        var colour = reading.Colour;
        var size = reading.Size.ToString().ToLowerInvariant();
        var material = reading.Material;
        TaskObject Parts(string kind, int count, string? label = null) => new()
        {
            Id = kind + "_1", Kind = kind, Label = label ?? kind, Count = count, Colour = colour, Size = size, Material = material,
        };
        TaskObject Fixture(string kind, IReadOnlyDictionary<string, JsonElement>? parameters = null) => new()
        {
            Id = kind + "_1", Kind = kind, Label = kind.Replace('_', ' '), Size = size, Material = material,
            Parts = AssetLibrary.Find(kind)?.PartsFor(new Dictionary<string, string>()).Select(p => p.Name).ToArray(),
            Params = parameters,
        };
        string[] Ids(string kind, int count) => Enumerable.Range(1, count).Select(i => $"{kind}_{i}").ToArray();
        Predicate At(string id) => new("at", id, "goal");

        var n = reading.Count;
        TaskSpec spec = reading.Preset switch
        {
            "stack" => new TaskSpec
            {
                Objects = [Parts(part, n)],
                Placements = [new Placement { Arrangement = reading.Arrangement == "staggered" ? "staggered_tower" : "tower", Objects = Ids(part, n), Target = "floor" }],
                Initial = [new Predicate("stacked", Ids(part, n))],
                Goal = [At($"{part}_{n}")],
            },
            "pyramid" => new TaskSpec
            {
                Objects = [Parts(part, n)],
                Placements = [new Placement { Arrangement = "pyramid", Objects = Ids(part, n), Target = "floor" }],
                Goal = [At($"{part}_{n}")],
            },
            "container" => new TaskSpec
            {
                // The container is sized for its load, whatever the size word says of the parts.
                Objects = [Fixture("container") with { Size = n > 6 ? "large" : "medium" }, Parts(reading.Shape == PartShape.Sphere ? "ball" : "cube", n)],
                Placements = Ids(reading.Shape == PartShape.Sphere ? "ball" : "cube", n)
                    .Select(id => new Placement { Object = id, Relation = "in", Target = "container_1" }).ToArray(),
                Initial = Ids(reading.Shape == PartShape.Sphere ? "ball" : "cube", n).Select(id => new Predicate("in", id, "container_1")).ToArray(),
                Goal = [At((reading.Shape == PartShape.Sphere ? "ball" : "cube") + "_1")],
            },
            "ramp" => new TaskSpec
            {
                Objects = [Fixture("ramp"), Parts("ball", 1)],
                Placements = [new Placement { Object = "ball_1", Relation = "on", Target = "ramp_1" }],
                Goal = [At("ball_1")],
            },
            "dominoes" => new TaskSpec
            {
                Objects = [Parts("domino", n)],
                Placements = [new Placement { Arrangement = "row", Objects = Ids("domino", n), Target = "floor" }],
                Initial = Ids("domino", n).Select(id => new Predicate("upright", id)).ToArray(),
                Goal = [At($"domino_{n}")],
            },
            "gap_bridge" => new TaskSpec
            {
                Objects = [Fixture("platform") with { Count = 2 }, Parts(part, 1)],
                Placements = [new Placement { Object = $"{part}_1", Relation = "on", Target = "platform_1" },
                    new Placement { Object = "platform_2", Relation = "right_of", Target = "platform_1" }],
                Initial = [new Predicate("on", $"{part}_1", "platform_1")],
                Goal = [At($"{part}_1")],
            },
            "sideways_transfer" => new TaskSpec
            {
                Objects = [Fixture("wall"), Parts(part, 1)],
                Goal = [At($"{part}_1")],
            },
            "drawer" => new TaskSpec
            {
                Objects = [Fixture("cabinet", Params(("drawers", 1))) with { Parts = ["drawer"], Colour = colour }],
                Initial = [new Predicate("closed", "cabinet_1.drawer")],
                Goal = [new Predicate("open", "cabinet_1.drawer")],
            },
            // The weight starts on the beam's left end (the beam balanced with it) and goes to the other end, which
            // tips the beam over.
            "lever" => new TaskSpec
            {
                Objects = [Fixture("lever"), Parts("block", 1, "weight") with { Id = "weight_1", Material = reading.Heavy ? "steel" : material }],
                Placements = [new Placement { Object = "weight_1", Relation = "on", Target = "lever_1.end_left" }],
                Initial = [new Predicate("on", "weight_1", "lever_1.end_left")],
                Goal = [new Predicate("on", "weight_1", "lever_1.end_right")],
            },
            "peg_in_hole" => new TaskSpec
            {
                Objects = [Parts("peg", 1), Fixture("socket")],
                Placements = [new Placement { Object = "peg_1", Relation = "next_to", Target = "socket_1" }],
                Goal = [new Predicate("inserted", "peg_1", "socket_1")],
            },
            // Swing the bob over the top: the arm comes to rest against its stop, 194–206° from hanging.
            "pendulum" => new TaskSpec
            {
                Objects = [Fixture("pendulum") with { Colour = colour }],
                Goal = [new Predicate("rotated", "pendulum_1.arm") { Value = 200 }],
            },
            "hinged_door" => new TaskSpec
            {
                Objects = [Fixture("door") with { Colour = colour }],
                Initial = [new Predicate("closed", "door_1.door")],
                Goal = [new Predicate("open", "door_1.door")],
            },
            _ => throw new TaskSpecException($"No preset for catalogue scene \"{reading.Preset}\"."),
        };
        // Tier 2 (kinematic) for the jointed scenes: drawer, door, lever and pendulum; the rest are spatial.
        var jointed = spec.Goal.Any(p => p.Name is "open" or "closed" or "rotated") || reading.Preset == "lever";
        spec = spec with
        {
            Preset = reading.Preset,
            Tier = jointed ? 2 : 1,
            FloorMaterial = reading.FloorMaterial,
        };
        return WithZonesAndRanges(spec);
    }

    /// <summary>The part of a preset the family template used to draw itself: its zones and what its seeds vary.</summary>
    private static TaskSpec WithZonesAndRanges(TaskSpec spec)
    {
        var free = spec.Objects.Where(o => AssetLibrary.Find(o.Kind)?.Free == true).Select(o => o.Id).ToArray();
        var fixtures = spec.Objects.Where(o => AssetLibrary.Find(o.Kind)?.Free != true).Select(o => o.Id).ToArray();
        // Sizes vary ±40 % around the size word's nominal value (a tower's blocks together), fixtures ±20 %.
        var ranges = new Dictionary<string, double[]>(StringComparer.Ordinal);
        // A tower's blocks are the stack family's 4 cm (1.6x the library's nominal block), which is what keeps tall
        // towers of them standing on soft contacts.
        var (lo, hi) = spec.Preset == "stack" ? (0.96, 2.24) : (0.6, 1.4);
        foreach (var id in free.Take(1)) ranges[id + ".size"] = [lo, hi];
        foreach (var id in fixtures.Take(1)) ranges[id + ".size"] = [0.8, 1.2];
        var beyond = new[] { new ZoneRule("beyond_goal") };
        var zones = spec.Preset switch
        {
            "stack" or "pyramid" or "container" or "dominoes" => new TaskZones { Forbid = beyond },
            "ramp" => new TaskZones { Goal = new ZoneRule("on", "ramp_1.runout"), Forbid = beyond },
            "gap_bridge" => new TaskZones { Goal = new ZoneRule("on", "platform_2"), Forbid = [new ZoneRule("between", "platform_1", "platform_2")] },
            "sideways_transfer" => new TaskZones { Goal = new ZoneRule("beyond", "wall_1"), Forbid = [new ZoneRule("around", "wall_1")] },
            "drawer" => new TaskZones { Forbid = [new ZoneRule("above", "cabinet_1")] },
            "hinged_door" => new TaskZones { Forbid = [new ZoneRule("behind", "door_1")] },
            "peg_in_hole" => new TaskZones { Forbid = [new ZoneRule("beyond", "socket_1")] },
            // Behind the beam and behind the frame, as the lever and pendulum templates had it: the weight is carried
            // over the beam and the arm swings in its plane, never reached for from behind.
            "lever" => new TaskZones { Forbid = [new ZoneRule("behind", "lever_1")] },
            "pendulum" => new TaskZones { Forbid = [new ZoneRule("behind", "pendulum_1")] },
            _ => new TaskZones(),
        };
        return spec with { Zones = zones, Variation = spec.Variation with { Ranges = ranges } };
    }

    private static IReadOnlyDictionary<string, JsonElement> Params(params (string Key, object Value)[] values) =>
        values.ToDictionary(v => v.Key, v => JsonSerializer.SerializeToElement(v.Value), StringComparer.Ordinal);

    internal static string Invariant(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
