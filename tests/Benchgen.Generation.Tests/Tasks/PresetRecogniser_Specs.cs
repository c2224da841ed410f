using Benchgen.Generation.Planning;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Tasks.Parsing;
using Benchgen.Tasks;
using Xunit;

namespace Benchgen.Generation.Tests.Tasks;

/// <summary>
/// The one recogniser of the twelve catalogue scenes: which preset a description names, the attributes it reads, and
/// the refusals the task parser reports instead of building loose parts.
/// </summary>
public sealed class Recognising_catalogue_scenes
{
    private static PresetReading Read(string prompt)
    {
        var recognised = PresetRecogniser.Recognise(prompt);
        Assert.NotNull(recognised);
        Assert.True(recognised.Refusal is null, recognised.Refusal);
        return recognised.Reading!;
    }

    [Theory]
    // The curator examples in shared/prompts/examples.txt.
    [InlineData("A stack of 3 blocks", "stack", 3, PartShape.Box)]
    [InlineData("A tower of five cubes", "stack", 5, PartShape.Box)]
    [InlineData("Stack 4 wooden cylinders", "stack", 4, PartShape.Cylinder)]
    [InlineData("A pyramid of 6 blocks", "pyramid", 6, PartShape.Box)]
    [InlineData("A box containing three small spheres", "container", 3, PartShape.Sphere)]
    [InlineData("A bin with 5 rubber balls inside", "container", 5, PartShape.Sphere)]
    [InlineData("A ball rolling down a ramp into a goal zone", "ramp", 1, PartShape.Sphere)]
    [InlineData("A row of 8 dominoes", "dominoes", 8, PartShape.Box)]
    [InlineData("Two platforms separated by a gap; move the cube across", "gap_bridge", 1, PartShape.Box)]
    [InlineData("Move the ball sideways into the goal zone, past an obstacle wall", "sideways_transfer", 1, PartShape.Sphere)]
    [InlineData("A stack of 2 large red blocks on an icy floor", "stack", 2, PartShape.Box)]
    [InlineData("A sliding drawer with a handle", "drawer", 1, PartShape.Box)]
    [InlineData("A lever on a fulcrum with a weight on one end", "lever", 1, PartShape.Box)]
    [InlineData("A peg next to a block with a hole", "peg_in_hole", 1, PartShape.Box)]
    [InlineData("A pendulum hanging from a frame", "pendulum", 1, PartShape.Box)]
    [InlineData("A hinged door", "hinged_door", 1, PartShape.Box)]
    // Paraphrases.
    [InlineData("a pile of twenty boxes", "stack", 20, PartShape.Box)]
    [InlineData("Build a tower of twelve discs", "stack", 12, PartShape.Cylinder)]
    [InlineData("On 1 table, a stack of 6 blocks", "stack", 6, PartShape.Box)]
    [InlineData("5 balls in a crate", "container", 5, PartShape.Sphere)]
    [InlineData("a crate holding twelve marbles", "container", 12, PartShape.Sphere)]
    [InlineData("Put 4 steel cubes inside a bucket", "container", 4, PartShape.Box)]
    [InlineData("Build a triangular pyramid from ten bricks", "pyramid", 10, PartShape.Box)]
    [InlineData("a pyramid of boxes in a crate", "pyramid", 6, PartShape.Box)]
    [InlineData("Twenty dominoes standing in a line", "dominoes", 20, PartShape.Box)]
    [InlineData("a marble rolls down an inclined slope", "ramp", 1, PartShape.Sphere)]
    [InlineData("Carry the sphere across the chasm between two platforms", "gap_bridge", 1, PartShape.Sphere)]
    [InlineData("Bridge the gap with a block", "gap_bridge", 1, PartShape.Box)]
    [InlineData("Push a cube past the barrier", "sideways_transfer", 1, PartShape.Box)]
    [InlineData("Transfer the ball sideways over a wall", "sideways_transfer", 1, PartShape.Sphere)]
    [InlineData("a see-saw with a heavy steel weight", "lever", 1, PartShape.Box)]
    [InlineData("peg and hole", "peg_in_hole", 1, PartShape.Box)]
    [InlineData("Open the wooden drawer of a dresser", "drawer", 1, PartShape.Box)]
    [InlineData("door on hinges", "hinged_door", 1, PartShape.Box)]
    public void Should_pick_the_preset_count_and_shape(string prompt, string preset, int count, PartShape shape)
    {
        var reading = Read(prompt);
        Assert.Equal((preset, count, shape), (reading.Preset, reading.Count, reading.Shape));
    }

    [Fact]
    public void Should_read_size_colour_material_arrangement_and_floor()
    {
        var red = Read("A stack of 2 large red blocks on an icy floor");
        Assert.Equal((SizeClass.Large, "red", "wood", "ice"), (red.Size, red.Colour, red.Material, red.FloorMaterial));
        var steel = Read("A tower of 3 small steel cubes");
        Assert.Equal((SizeClass.Small, null, "steel", null), (steel.Size, steel.Colour, steel.Material, steel.FloorMaterial));
        Assert.Equal("staggered", Read("A staggered stack of 4 blocks").Arrangement);
        Assert.Equal("aligned", Read("A stack of 4 blocks").Arrangement);
        Assert.Equal("grey", Read("A row of 4 gray dominoes").Colour);
        Assert.Equal("rubber", Read("5 rubber balls in a crate").Material);
        Assert.Equal("ice", Read("A pyramid of 6 ice blocks").Material);
    }

    [Theory]
    [InlineData("A stack of 50 blocks", "stack", "2 to 20 blocks")]
    [InlineData("A stack of 1 block", "stack", "2 to 20 blocks")]
    [InlineData("A stack of 3 balls", "stack", "'balls' cannot be stacked")]
    [InlineData("A pyramid of 2 blocks", "pyramid", "3 to 21 blocks")]
    [InlineData("A pyramid of balls", "pyramid", "'balls' cannot be laid")]
    [InlineData("A row of 30 dominoes", "dominoes", "2 to 20 dominoes")]
    [InlineData("A crate with 25 balls", "container", "1 to 20 parts")]
    [InlineData("A crate with 3 cylinders", "container", "'cylinders' would roll")]
    [InlineData("A cube rolling down a ramp", "ramp", "'cube' would slide")]
    [InlineData("Three balls rolling down a ramp", "ramp", "exactly 1 ball")]
    public void Should_refuse_what_a_preset_cannot_build_with_the_reason(string prompt, string preset, string reason)
    {
        var recognised = PresetRecogniser.Recognise(prompt);
        Assert.NotNull(recognised);
        Assert.Equal(preset, recognised.Preset);
        Assert.Null(recognised.Reading);
        Assert.Contains(reason, recognised.Refusal);
    }

    [Theory]
    // Each of these used to come back as loose parts with an "at" goal: a different task than the one asked for.
    [InlineData("A stack of 3 balls", "'balls' cannot be stacked")]
    [InlineData("A pyramid of balls", "'balls' cannot be laid")]
    [InlineData("A stack of 1 block", "2 to 20 blocks")]
    [InlineData("A pyramid of 2 blocks", "3 to 21 blocks")]
    [InlineData("A row of 30 dominoes", "2 to 20 dominoes")]
    [InlineData("A cube rolling down a ramp", "'cube' would slide")]
    public void The_task_parser_rejects_with_the_presets_reason_instead_of_building_another_task(string prompt, string reason)
    {
        var planned = new TaskParser().Parse(prompt);
        Assert.False(planned.Accepted, $"'{prompt}' was planned as {planned.Spec.Describe()}");
        Assert.StartsWith("cannot be built: ", planned.Rejection);
        Assert.Contains(reason, planned.Rejection);
    }

    [Theory]
    [InlineData("A row of 6 tall dominoes", "tall")]
    [InlineData("A long ramp with a small ball", "long")]
    public void A_proportion_the_library_cannot_build_is_named(string prompt, string word)
    {
        var planned = new TaskParser().Parse(prompt);
        Assert.False(planned.Accepted);
        Assert.Contains(word, planned.Spec.Unmapped);
    }

    [Theory]
    [InlineData("a purple elephant")]
    [InlineData("knock over the dominnoes chain")]
    [InlineData("Press a button.")]
    public void Should_not_recognise_a_scene_no_preset_describes(string prompt) =>
        Assert.Null(PresetRecogniser.Recognise(prompt));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Should_refuse_empty_prompts(string prompt) =>
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => PresetRecogniser.Recognise(prompt)).Message);

    [Fact]
    public void Should_refuse_oversized_prompts() =>
        Assert.Contains("2000", Assert.Throws<ArgumentException>(() => PresetRecogniser.Recognise("A stack of 3 blocks " + new string('x', 2000))).Message);

    [Fact]
    public void Should_know_all_twelve_presets_in_priority_order()
    {
        Assert.Equal(12, PresetRecogniser.Names.Count);
        Assert.Equal("stack", PresetRecogniser.Names[^1]);
        Assert.True(PresetRecogniser.Names.ToList().IndexOf("pyramid") < PresetRecogniser.Names.ToList().IndexOf("container"));
        foreach (var name in PresetRecogniser.Names) Assert.Contains(name, PresetCatalogue.Vocabulary.Keys);
    }

    [SkippableFact]
    public void Every_curator_example_is_recognised_or_composed_and_accepted()
    {
        var path = "/work/shared/prompts/examples.txt";
        if (!File.Exists(path)) path = Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/prompts/examples.txt");
        Skip.IfNot(File.Exists(path), "shared/prompts/examples.txt is not on this machine");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToArray();
        var parser = new TaskParser();
        foreach (var line in lines)
        {
            var planned = parser.Parse(line);
            Assert.True(planned.Accepted, $"'{line}': {planned.Rejection}");
        }
        // Every preset claims at least one of the examples.
        var claimed = lines.Select(l => PresetRecogniser.Recognise(l)?.Preset).OfType<string>().Distinct().Order().ToArray();
        Assert.Equal(PresetRecogniser.Names.Order(), claimed);
    }

    [Fact]
    public void The_preset_spec_carries_the_reading()
    {
        var spec = PresetCatalogue.FromReading(Read("A large red steel pendulum hanging from a frame"));
        var pendulum = Assert.Single(spec.Objects);
        Assert.Equal(("red", "large", "steel"), (pendulum.Colour, pendulum.Size, pendulum.Material));
        Assert.Equal(2, spec.Tier);
        Assert.Equal(1, PresetCatalogue.FromReading(Read("A peg next to a block with a hole")).Tier);
        var ice = PresetCatalogue.FromReading(Read("A stack of 2 large red blocks on an icy floor"));
        Assert.Equal("ice", ice.FloorMaterial);
        Assert.All(ice.Objects, o => Assert.Equal("red", o.Colour));
        var stacked = Assert.Single(ice.Initial);
        Assert.Equal("stacked block_1 block_2", string.Join(" ", [stacked.Name, .. stacked.Args]));
    }

    [Fact]
    public void A_heavy_weight_is_a_steel_weight_unless_the_prompt_names_a_material()
    {
        string Weight(string prompt) => PresetCatalogue.FromReading(Read(prompt)).Objects.Single(o => o.Id == "weight_1").Material!;
        Assert.Equal("steel", Weight("A lever with a heavy weight on one end"));
        Assert.Equal("wood", Weight("A lever with a weight on one end"));
        Assert.Equal("rubber", Weight("A lever with a heavy rubber weight on one end"));
        // Only the weight: the beam keeps the prompt's (default) material.
        Assert.Equal("wood", PresetCatalogue.FromReading(Read("A lever with a heavy weight on one end")).Objects.Single(o => o.Id == "lever_1").Material);
    }

    [Fact]
    public void The_lever_and_pendulum_presets_forbid_reaching_behind_them()
    {
        Assert.Equal("behind lever_1", Forbid("A lever on a fulcrum with a weight on one end"));
        Assert.Equal("behind pendulum_1", Forbid("A pendulum hanging from a frame"));

        static string Forbid(string prompt)
        {
            var rule = Assert.Single(PresetCatalogue.FromReading(Read(prompt)).Zones.Forbid);
            return string.Join(" ", [rule.Region, .. rule.Args]);
        }
    }
}
