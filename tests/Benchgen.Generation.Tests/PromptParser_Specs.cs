using Benchgen.Generation.Planning;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Parsing_stack_prompts
{
    private readonly PromptParser _parser = new();

    [Theory]
    [InlineData("A stack of 3 blocks", 3, PartShape.Box)]
    [InlineData("A tower of five cubes", 5, PartShape.Box)]
    [InlineData("Stack 4 wooden cylinders", 4, PartShape.Cylinder)]
    [InlineData("A stack of 2 large red blocks", 2, PartShape.Box)]
    [InlineData("a pile of twenty boxes", 20, PartShape.Box)]
    [InlineData("Build a tower of twelve discs", 12, PartShape.Cylinder)]
    public void Should_read_the_count_and_shape(string prompt, int count, PartShape shape)
    {
        var plan = _parser.Parse(prompt);
        Assert.Equal("stack", plan.Family);
        Assert.Equal(count, plan.Count);
        Assert.Equal(shape, plan.Shape);
        Assert.Equal(count, plan.ExpectedFreeBodies);
        Assert.Equal($"block_{count - 1}", plan.PayloadBody);
    }

    [Fact]
    public void Should_read_size_colour_and_material()
    {
        var plan = _parser.Parse("A stack of 2 large red blocks");
        Assert.Equal(SizeClass.Large, plan.Size);
        Assert.Equal("red", plan.Colour);
        Assert.NotNull(plan.Rgba);

        var wooden = _parser.Parse("Stack 4 wooden cylinders");
        Assert.Equal("wood", wooden.Material.Name);
        Assert.Equal(SizeClass.Medium, wooden.Size);
        Assert.Null(wooden.Colour);

        var metal = _parser.Parse("A tower of 3 small steel cubes");
        Assert.Equal("steel", metal.Material.Name);
        Assert.Equal(SizeClass.Small, metal.Size);
        Assert.True(metal.Ranges["block_half_extent"].Max < plan.Ranges["block_half_extent"].Min);
    }

    [Fact]
    public void Should_vary_dimensions_and_position_by_at_least_forty_percent()
    {
        var plan = _parser.Parse("A stack of 3 blocks");
        var extent = plan.Ranges["block_half_extent"];
        var nominal = (extent.Min + extent.Max) / 2;
        Assert.True(extent.Max - nominal >= 0.4 * nominal - 1e-9);
        var x = plan.Ranges["stack_centre_x"];
        Assert.True(x.Max - x.Min >= 0.4 * (2 * plan.WorkspaceHalfExtent) - 1e-9);
    }

    [Fact]
    public void Should_count_the_number_next_to_the_shape_noun()
    {
        var plan = _parser.Parse("On 1 table, a stack of 6 blocks");
        Assert.Equal(6, plan.Count);
    }

    [Theory]
    [InlineData("A stack of 50 blocks", "2 to 20")]
    [InlineData("A stack of 1 block", "2 to 20")]
    [InlineData("A stack of 3 balls", "balls")]
    public void Should_reject_stacks_it_cannot_build_with_the_reason(string prompt, string reason)
    {
        var ex = Assert.Throws<UnsupportedPromptException>(() => _parser.Parse(prompt));
        Assert.Contains(reason, ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Should_refuse_empty_prompts(string prompt)
    {
        var ex = Assert.Throws<ArgumentException>(() => _parser.Parse(prompt));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Should_refuse_oversized_prompts()
    {
        var ex = Assert.Throws<ArgumentException>(() => _parser.Parse("A stack of 3 blocks " + new string('x', 2000)));
        Assert.Contains("2000", ex.Message);
    }
}
