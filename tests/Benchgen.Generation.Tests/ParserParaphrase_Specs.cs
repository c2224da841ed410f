using Benchgen.Generation.Planning;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Parsing_paraphrased_prompts
{
    private readonly PromptParser _parser = new();

    [Theory]
    // The curator examples in shared/prompts/examples.txt that belong to the stack and families-A families.
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
    // Paraphrases.
    [InlineData("5 balls in a crate", "container", 5, PartShape.Sphere)]
    [InlineData("a crate holding twelve marbles", "container", 12, PartShape.Sphere)]
    [InlineData("Put 4 steel cubes inside a bucket", "container", 4, PartShape.Box)]
    [InlineData("Build a triangular pyramid from ten bricks", "pyramid", 10, PartShape.Box)]
    [InlineData("pyramid with 3 cubes", "pyramid", 3, PartShape.Box)]
    [InlineData("Twenty dominoes standing in a line", "dominoes", 20, PartShape.Box)]
    [InlineData("a long chain of 12 tall dominos", "dominoes", 12, PartShape.Box)]
    [InlineData("a marble rolls down an inclined slope", "ramp", 1, PartShape.Sphere)]
    [InlineData("Carry the sphere across the chasm between two platforms", "gap_bridge", 1, PartShape.Sphere)]
    [InlineData("Bridge the gap with a block", "gap_bridge", 1, PartShape.Box)]
    [InlineData("Push a cube past the barrier", "sideways_transfer", 1, PartShape.Box)]
    [InlineData("Transfer the ball sideways over a wall", "sideways_transfer", 1, PartShape.Sphere)]
    public void Should_pick_the_family_count_and_shape(string prompt, string family, int count, PartShape shape)
    {
        var plan = _parser.Parse(prompt);
        Assert.Equal(family, plan.Family);
        Assert.Equal(count, plan.Count);
        Assert.Equal(shape, plan.Shape);
        Assert.Equal(plan.FreeBodies.Count, plan.ExpectedFreeBodies);
        Assert.Contains(plan.PayloadBody, plan.FreeBodies);
    }

    [SkippableFact]
    public void Should_parse_every_curator_example_of_these_families()
    {
        var path = Path.Combine("/work/shared/prompts/examples.txt");
        Skip.IfNot(File.Exists(path), "shared/prompts/examples.txt is not on this machine");
        var mine = new[] { "stack", "pyramid", "container", "ramp", "dominoes", "gap_bridge", "sideways_transfer" };
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToArray();
        var parsed = lines.Select(l => (Line: l, Family: TryFamily(l))).ToArray();
        // Every line parses to some family once all twelve are registered; these families must claim at least their own.
        var claimed = parsed.Where(p => p.Family is not null && mine.Contains(p.Family)).Select(p => p.Family).Distinct().ToArray();
        Assert.Equal(mine.OrderBy(f => f), claimed.OrderBy(f => f));
    }

    [Theory]
    [InlineData("A wooden domino row", "wood", 700)]
    [InlineData("A row of 5 steel dominoes", "steel", 7800)]
    [InlineData("5 rubber balls in a crate", "rubber", 1200)]
    [InlineData("A bin with 3 plastic balls", "plastic", 1100)]
    [InlineData("A pyramid of 6 ice blocks", "ice", 917)]
    public void Should_read_the_material_density(string prompt, string material, double density)
    {
        var plan = _parser.Parse(prompt);
        Assert.Equal(material, plan.Material.Name);
        Assert.Equal(density, plan.Material.Density);
    }

    [Fact]
    public void Should_read_an_icy_floor_as_the_floor_material_not_the_parts()
    {
        var plan = _parser.Parse("A stack of 2 large red blocks on an icy floor");
        Assert.Equal("stack", plan.Family);
        Assert.Equal("ice", plan.FloorMaterial?.Name);
        Assert.True(plan.FloorMaterial!.Friction < 0.1);
        Assert.Equal(PromptText.DefaultMaterial, plan.Material);
        Assert.Equal("red", plan.Colour);
        Assert.Equal(SizeClass.Large, plan.Size);
    }

    [Theory]
    [InlineData("red", 0.85f)]
    [InlineData("green", 0.18f)]
    [InlineData("blue", 0.15f)]
    [InlineData("yellow", 0.95f)]
    [InlineData("orange", 0.95f)]
    [InlineData("purple", 0.55f)]
    [InlineData("white", 0.92f)]
    [InlineData("black", 0.08f)]
    [InlineData("grey", 0.5f)]
    [InlineData("brown", 0.5f)]
    [InlineData("pink", 0.95f)]
    public void Should_map_named_colours_to_rgba(string colour, float red)
    {
        var plan = _parser.Parse($"A pyramid of 6 {colour} blocks");
        Assert.Equal(colour, plan.Colour);
        Assert.Equal(red, plan.Rgba![0]);
        Assert.Equal(4, plan.Rgba.Length);
        Assert.Equal("grey", _parser.Parse("A row of 4 gray dominoes").Colour);
    }

    [Theory]
    [InlineData("A pyramid of 6 tiny blocks", SizeClass.Small, null)]
    [InlineData("A pyramid of 6 big blocks", SizeClass.Large, null)]
    [InlineData("A row of 6 tall dominoes", SizeClass.Medium, "tall")]
    [InlineData("A long ramp with a small ball", SizeClass.Small, "long")]
    public void Should_read_size_and_proportion_words(string prompt, SizeClass size, string? proportion)
    {
        var plan = _parser.Parse(prompt);
        Assert.Equal(size, plan.Size);
        Assert.Equal(proportion, plan.Proportion);
    }

    [Fact]
    public void Should_make_tall_dominoes_taller_and_long_ramps_longer()
    {
        Assert.True(_parser.Parse("A row of 6 tall dominoes").Ranges["domino_half_height"].Min >
                    _parser.Parse("A row of 6 dominoes").Ranges["domino_half_height"].Min);
        Assert.True(_parser.Parse("A long ramp with a ball").Ranges["ramp_length"].Max >
                    _parser.Parse("A ramp with a ball").Ranges["ramp_length"].Max);
    }

    [Theory]
    [InlineData("a purple elephant")]
    [InlineData("knock over the dominnoes chain")]
    public void Should_refuse_a_prompt_no_family_describes(string prompt)
    {
        // The task parser turns this into the user's "not understood" reason; the family planners only say no.
        var ex = Assert.Throws<UnsupportedPromptException>(() => _parser.Parse(prompt));
        Assert.Contains("No catalogue family describes", ex.Message);
    }

    [Theory]
    [InlineData("A pyramid of 2 blocks", "3 to 21")]
    [InlineData("A pyramid of balls", "balls")]
    [InlineData("A row of 30 dominoes", "2 to 20")]
    [InlineData("A crate with 25 balls", "1 to 20")]
    [InlineData("A cube rolling down a ramp", "cube")]
    [InlineData("Three balls rolling down a ramp", "1 to 1")]
    public void Should_reject_what_a_family_cannot_build_with_the_reason(string prompt, string reason)
    {
        var ex = Assert.Throws<UnsupportedPromptException>(() => _parser.Parse(prompt));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Should_include_every_catalogue_family_by_default()
    {
        var families = new PromptParser().SupportedFamilies;
        foreach (var family in new[] { "stack", "pyramid", "container", "ramp", "dominoes", "gap_bridge", "sideways_transfer" })
            Assert.Contains(family, families);
    }

    private string? TryFamily(string prompt)
    {
        try { return _parser.Parse(prompt).Family; }
        catch (UnsupportedPromptException) { return null; }
    }
}
