using Benchgen.Generation.Grading;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests.Grading;

/// <summary>The reference solution, in the very format benchmark.json stores, is a valid solution file graded success.</summary>
public sealed class Grading_the_reference_solution(ITestOutputHelper output)
{
    public static TheoryData<string, string> Presets => new()
    {
        { "stack", "A stack of 3 blocks" }, { "pyramid", "A pyramid of 6 blocks" }, { "container", "A box containing three small spheres" },
        { "ramp", "A ball rolling down a ramp into a goal zone" }, { "dominoes", "A row of 8 dominoes" },
        { "gap_bridge", "Two platforms separated by a gap; move the cube across" },
        { "sideways_transfer", "Move the ball sideways into the goal zone, past an obstacle wall" },
        { "drawer", "A sliding drawer with a handle" }, { "hinged_door", "A hinged door" }, { "peg_in_hole", "A peg next to a block with a hole" },
        { "lever", "A lever on a fulcrum with a weight on one end" }, { "pendulum", "A pendulum hanging from a frame" },
    };

    [SkippableTheory]
    [MemberData(nameof(Presets))]
    public async Task Should_grade_the_presets_own_reference_solution_a_success(string preset, string prompt)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var target = await GradingSupport.TargetAsync(prompt, 11);
        Assert.Equal(preset, target.Benchmark);
        var file = GradingSupport.ReferenceJson(target);
        output.WriteLine(file);

        var evaluation = GradingSupport.Evaluator.Evaluate(target, SolutionReader.Parse(file));
        output.WriteLine(evaluation.Reason);

        Assert.True(evaluation.Success, evaluation.Reason);
        Assert.Equal("skills", evaluation.Kind);
        Assert.NotEmpty(evaluation.Goal);
        Assert.All(evaluation.Goal, g => Assert.True(g.AtEnd && g.FirstTrue is not null, g.Predicate));
        Assert.Empty(evaluation.ForbidContacts);
        Assert.True(evaluation.Stable);
        Assert.True(evaluation.Effort > 0);
        Assert.True(evaluation.SimTime > 1.0);
    }

    [SkippableFact]
    public async Task Should_fail_one_step_short_naming_the_predicate_left_false()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        // in(bowl_1, cabinet_1.drawer_bottom), closed(cabinet_1.drawer_bottom): carry the bowl in, then drive the drawer shut.
        var target = await GradingSupport.TargetAsync("29-black-bowl-in-bottom-drawer-close.task.json", 7);
        var full = System.Text.Json.Nodes.JsonNode.Parse(GradingSupport.ReferenceJson(target))!.AsObject();
        var steps = full["steps"]!.AsArray();
        Assert.Equal(2, steps.Count);
        Assert.True(GradingSupport.Evaluator.Evaluate(target, SolutionReader.Parse(full.ToJsonString())).Success, "the whole plan must succeed");

        steps.RemoveAt(steps.Count - 1);
        var evaluation = GradingSupport.Evaluator.Evaluate(target, SolutionReader.Parse(full.ToJsonString()));
        output.WriteLine(evaluation.Reason);

        Assert.False(evaluation.Success);
        var closed = Assert.Single(evaluation.Goal, g => g.Predicate.StartsWith("closed(", StringComparison.Ordinal));
        Assert.False(closed.AtEnd);
        Assert.True(Assert.Single(evaluation.Goal, g => g.Predicate.StartsWith("in(", StringComparison.Ordinal)).AtEnd);
        Assert.Contains("closed(cabinet_1.drawer_bottom) is false", evaluation.Reason);
        Assert.DoesNotContain("in(bowl_1", evaluation.Reason);
    }
}
