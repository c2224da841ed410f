using Benchgen.Generation.Tasks;
using Benchgen.Generation.Tasks.Parsing;
using Benchgen.Tasks;
using Xunit;

namespace Benchgen.Generation.Tests.Tasks;

/// <summary>The catalogue presets as TaskSpecs: what the planner states, what the compiler accepts and refuses.</summary>
public sealed class Planning_and_compiling_presets
{
    private static readonly TaskParser Parser = new();
    private static readonly TaskCompiler Compiler = new(new Coding.ScenarioCoder());

    public static TheoryData<string, string> CuratorPrompts => new()
    {
        { "A stack of 3 blocks", "stack" }, { "A tower of five cubes", "stack" }, { "Stack 4 wooden cylinders", "stack" },
        { "A pyramid of 6 blocks", "pyramid" }, { "A box containing three small spheres", "container" },
        { "A bin with 5 rubber balls inside", "container" }, { "A sliding drawer with a handle", "drawer" },
        { "A lever on a fulcrum with a weight on one end", "lever" }, { "A peg next to a block with a hole", "peg_in_hole" },
        { "A ball rolling down a ramp into a goal zone", "ramp" }, { "A pendulum hanging from a frame", "pendulum" },
        { "A row of 8 dominoes", "dominoes" }, { "Two platforms separated by a gap; move the cube across", "gap_bridge" },
        { "Move the ball sideways into the goal zone, past an obstacle wall", "sideways_transfer" }, { "A hinged door", "hinged_door" },
        { "A stack of 2 large red blocks on an icy floor", "stack" }, { "A staggered stack of 8 large foam boxes", "stack" },
        { "Class 1 lever with variable fulcrum", "lever" },
    };

    [Theory]
    [MemberData(nameof(CuratorPrompts))]
    public void Should_plan_the_curator_prompt_as_its_preset_and_compile_it_through_the_task_template(string prompt, string preset)
    {
        var planned = Parser.Parse(prompt);
        Assert.True(planned.Accepted, planned.Rejection);
        Assert.Equal(preset, planned.Spec.Preset);
        var compiled = Compiler.Compile(planned.Spec);
        Assert.Equal(preset, compiled.Plan.Family);
        Assert.Contains("FAMILY = SPEC.get(\"preset\") or \"task\"", compiled.Script.Source);
        // Every range of the spec is one the compiler draws.
        Assert.All(compiled.Spec.Variation.Ranges.Keys, k => Assert.Contains('.', k));
    }

    [Fact]
    public void Should_put_the_varying_fulcrum_in_the_lever_presets_ranges()
    {
        var spec = Parser.Parse("Class 1 lever with variable fulcrum").Spec;
        Assert.Equal([0.3, 0.7], spec.Variation.Ranges["lever_1.fulcrum"]);
        Assert.Equal("on(weight_1, lever_1.end_right)", spec.DescribeGoal());
    }

    [Theory]
    [InlineData("A row of 6 tall dominoes", "tall")]
    [InlineData("A long ramp with a small ball", "long")]
    public void Should_reject_a_proportion_the_library_cannot_build_naming_the_word(string prompt, string word)
    {
        var planned = Parser.Parse(prompt);
        Assert.False(planned.Accepted);
        Assert.Contains($"'{word}'", planned.Rejection);
    }

    [Fact]
    public void Should_compile_an_edited_preset_spec_as_edited()
    {
        var spec = Parser.Parse("A stack of 3 blocks").Spec;
        var edited = spec with { Objects = [spec.Objects[0] with { Colour = "green", Count = 4 }], Placements = [], Initial = [],
            Goal = [new Predicate("at", "block_4", "goal")] };
        var compiled = Compiler.Compile(edited);
        Assert.Equal(4, compiled.Plan.ExpectedFreeBodies);
        Assert.All(compiled.Spec.Objects, o => Assert.Equal("green", o.Colour));
    }

    [Theory]
    [InlineData("""{"block_1.height": [0.5, 1.0]}""", "a block cannot vary 'height'; it varies size")]
    [InlineData("""{"lever_9.fulcrum": [0.3, 0.7]}""", "no object 'lever_9'")]
    [InlineData("""{"block_1.size": [2.0, 1.0]}""", "min <= max")]
    [InlineData("""{"block_1.size": [0.1, 1.0]}""", "ranges within [0.3, 3]")]
    public void Should_refuse_a_range_the_compiler_does_not_draw(string ranges, string reason)
    {
        var spec = Parser.Parse("A stack of 3 blocks").Spec;
        var parsed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double[]>>(ranges)!;
        var ex = Assert.Throws<TaskSpecException>(() => Compiler.Compile(spec with { Variation = new TaskVariation { Ranges = parsed } }));
        Assert.Contains(reason, ex.Message);
    }

    [Theory]
    [InlineData("around", "wall_1", false, "no object 'wall_1'")]
    [InlineData("on", "block_1", false, "places the goal zone, not a forbid zone")]
    [InlineData("beyond_goal", "block_1", false, "beyond_goal takes 0 arguments")]
    [InlineData("around", "block_1", true, "places a forbid zone, not the goal zone")]
    public void Should_refuse_zone_rules_that_do_not_fit(string region, string arg, bool asGoal, string reason)
    {
        var spec = Parser.Parse("A stack of 3 blocks").Spec;
        var rule = new ZoneRule(region, arg);
        var zones = asGoal ? new TaskZones { Goal = rule } : new TaskZones { Forbid = [rule] };
        var ex = Assert.Throws<TaskSpecException>(() => Compiler.Compile(spec with { Zones = zones }));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Should_read_zones_through_the_schema()
    {
        var json = Parser.Parse("Two platforms separated by a gap; move the cube across").Spec.ToJson();
        var spec = TaskSpecReader.Parse(json);
        Assert.Equal(new ZoneRule("on", "platform_2"), spec.Zones.Goal);
        Assert.Equal(new ZoneRule("between", "platform_1", "platform_2"), Assert.Single(spec.Zones.Forbid));
        var bad = Assert.Throws<TaskSpecException>(() => TaskSpecReader.Parse(json.Replace("\"between\"", "\"sideways\"")));
        Assert.Contains("$.zones.forbid[0].region", string.Join(" ", bad.Errors));
    }
}
