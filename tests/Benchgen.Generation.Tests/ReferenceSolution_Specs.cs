using System.Text.Json.Nodes;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

public sealed class Replaying_reference_solutions(ITestOutputHelper output)
{
    private ValidationCheck ReferenceCheck(HandMadeScene scene, ScriptRun? run = null)
    {
        var report = new ScenarioValidator(TestSupport.Options()).Validate(scene.Plan(), [run ?? scene.Run()]);
        output.WriteLine(report.Summary);
        return report.Runs[0].Checks.Last(c => c.Name == "reference_solution");
    }

    [Fact]
    public void Should_bring_the_payload_through_every_waypoint_into_the_goal()
    {
        var check = ReferenceCheck(new HandMadeScene());

        Assert.True(check.Passed, check.Detail);
        // Graded by the evaluator: the one goal predicate, at(crate, goal), holds 1 s after the hand lets go.
        Assert.Equal(1, check.Value);
        Assert.Equal(1, check.Limit);
        Assert.Contains("at(crate, goal)", check.Detail);
        Assert.Contains("inside the goal zone", check.Detail);
    }

    [Fact]
    public void Should_reject_an_unreachable_goal_the_reference_solution_cannot_enter()
    {
        var check = ReferenceCheck(new HandMadeScene { CagedGoal = true });

        Assert.False(check.Passed);
        Assert.Contains("the reference solution fails", check.Detail);
        Assert.Contains("outside the goal zone", check.Detail);
    }

    [Fact]
    public void Should_reject_a_reference_solution_too_weak_to_lift_the_payload()
    {
        var check = ReferenceCheck(new HandMadeScene { MaxForce = 0.5 * 9.81 });

        Assert.False(check.Passed);
        Assert.Contains("outside the goal zone", check.Detail);
    }

    [Fact]
    public void Should_reject_a_path_through_a_forbid_zone()
    {
        var scene = new HandMadeScene();
        var definition = scene.Definition();
        // Overshoot through the forbid zone beyond the goal before coming back.
        definition["reference_solution"]!["waypoints"] = new JsonArray(
            new JsonArray(-0.3, 0.0, 0.12), new JsonArray(0.45, 0.0, 0.12), new JsonArray(0.2, 0.0, 0.12), new JsonArray(0.2, 0.0, 0.054));
        definition["reference_solution"]!["duration"] = 4.0;

        var check = ReferenceCheck(scene, scene.Run() with { Definition = definition });

        Assert.False(check.Passed);
        Assert.Contains("entered forbid zone 0", check.Detail);
    }

    [Fact]
    public void Should_reject_a_benchmark_without_a_reference_solution_with_a_clear_reason()
    {
        var check = ReferenceCheck(new HandMadeScene { WithReferenceSolution = false });

        Assert.False(check.Passed);
        Assert.Contains("no usable reference solution", check.Detail);
        Assert.Contains("waypoints", check.Detail);
    }

    [Fact]
    public void Should_reject_a_reference_solution_that_drives_another_body()
    {
        var scene = new HandMadeScene { Hinge = true };
        var definition = scene.Definition();
        definition["reference_solution"]!["body"] = "flap";

        var check = ReferenceCheck(scene, scene.Run() with { Definition = definition });

        Assert.False(check.Passed);
        Assert.Contains("drives flap, but the payload is crate", check.Detail);
    }

    [Theory]
    [InlineData("duration", "-1")]
    [InlineData("max_force", "0")]
    [InlineData("kind", "\"teleport\"")]
    public void Should_name_the_malformed_field(string field, string value)
    {
        var definition = new HandMadeScene().Definition();
        definition["reference_solution"]![field] = JsonNode.Parse(value);

        var error = Assert.Throws<FormatException>(() => ReferenceSolution.Read(definition));

        Assert.Contains(field, error.Message);
    }

    [SkippableTheory]
    [InlineData("A stack of 3 blocks")]
    [InlineData("A tower of 6 small steel cylinders")]
    [InlineData("A staggered stack of 5 large wooden boxes")]
    public async Task Should_solve_every_stack_seed_at_every_scale(string prompt)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var compiled = TestSupport.Compile(prompt);
        var seeds = new[] { 11 }.Concat(ScriptValidation.VariantSeeds(11, 4)).ToArray();
        var runs = await TestSupport.RunAsync(compiled.Script.Source,
            seeds.SelectMany(s => new[] { (s, 1.0), (s, 0.6), (s, 1.4) }).ToArray());

        // The derived skills: carry the top block off the tower into the goal zone, clear of the forbid zone.
        var report = new ScenarioValidator(TestSupport.Options()).Validate(compiled.Plan, runs, null, compiled.Spec);
        output.WriteLine(report.Summary);

        Assert.All(report.Runs, r =>
        {
            var check = r.Checks.Single(c => c.Name == "reference_solution");
            Assert.True(check.Passed, $"seed {r.Seed} scale {r.Scale}: {check.Detail}");
        });
        Assert.True(report.Passed, report.Summary);
    }
}
