using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

/// <summary>
/// The pyramid, container, ramp, dominoes, gap-bridge and sideways-transfer families, each run through the same
/// sandbox → validator step the catalogue generator uses (canonical seed + 4 variants, at every configured scale).
/// </summary>
public sealed class Generating_families_A(ITestOutputHelper output)
{
    public const int Seed = 11;

    public static TheoryData<string, string, int, PartShape> Families => new()
    {
        { "A pyramid of 6 blocks", "pyramid", 6, PartShape.Box },
        { "A box containing three small spheres", "container", 3, PartShape.Sphere },
        { "A ball rolling down a ramp into a goal zone", "ramp", 1, PartShape.Sphere },
        { "A row of 8 dominoes", "dominoes", 8, PartShape.Box },
        { "Two platforms separated by a gap; move the cube across", "gap_bridge", 1, PartShape.Box },
        { "Move the ball sideways into the goal zone, past an obstacle wall", "sideways_transfer", 1, PartShape.Sphere },
    };

    private static readonly ConcurrentDictionary<string, Lazy<Task<(ScenarioPlan Plan, GeneratedScenario? Scenario, ValidationReport Report, IReadOnlyList<ScriptRun> Runs)>>> Cache = new();

    /// <summary>Validates a prompt once per test run; every spec of the family reads the same result.</summary>
    internal static Task<(ScenarioPlan Plan, GeneratedScenario? Scenario, ValidationReport Report, IReadOnlyList<ScriptRun> Runs)> GenerateAsync(string prompt) =>
        Cache.GetOrAdd(prompt, p => new Lazy<Task<(ScenarioPlan, GeneratedScenario?, ValidationReport, IReadOnlyList<ScriptRun>)>>(async () =>
        {
            var options = TestSupport.Options();
            var plan = TestSupport.Parser.Parse(p);
            var script = TestSupport.Coder.Write(plan);
            var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));
            var (scenario, report) = await validation.RunAsync(plan, script, p, Seed, 4, (_, _) => Task.CompletedTask, CancellationToken.None);
            // The raw runs (MJCF + definition per seed and scale) for the fidelity and variety checks below.
            var seeds = ScriptValidation.VariantSeeds(Seed, 4).Prepend(Seed).Select(s => (s, 1.0)).ToArray();
            var runs = await new ScriptSandbox(options).RunAsync(script.Source, seeds);
            return (plan, scenario, report, runs);
        })).Value;

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_pass_validation_for_five_seeds_at_every_scale(string prompt, string family, int count, PartShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (plan, scenario, report, _) = await GenerateAsync(prompt);
        output.WriteLine(report.Summary);
        foreach (var run in report.Runs.Where(r => !r.Passed))
            output.WriteLine($"seed {run.Seed} x{run.Scale}: " + string.Join("; ", run.Failures.Select(c => $"{c.Name}: {c.Detail}")));

        Assert.Equal(family, plan.Family);
        Assert.Equal(shape, plan.Shape);
        Assert.True(report.Passed, report.Summary);
        Assert.NotNull(scenario);
        var expectedRuns = 5 * (1 + GenerationOptions.DefaultExtraScales.Count(s => s != 1.0));
        Assert.Equal(expectedRuns, report.Runs.Count);
        Assert.Equal(5, report.Runs.Where(r => r.Scale == 1.0).Select(r => r.Seed).Distinct().Count());
        Assert.All(report.Runs, r => Assert.Equal(count, r.Checks.Single(c => c.Name == "structure").Value));
        Assert.All(report.Runs, r => Assert.True(r.Checks.Single(c => c.Name == "reference_solution").Passed));
    }

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_build_the_asked_number_of_free_bodies_of_the_asked_shape(string prompt, string family, int count, PartShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (plan, _, _, runs) = await GenerateAsync(prompt);
        Assert.Equal(family, plan.Family);
        Assert.Equal(count, plan.ExpectedFreeBodies);
        var geomShape = shape switch { PartShape.Sphere => GeomShape.Sphere, PartShape.Cylinder => GeomShape.Cylinder, _ => GeomShape.Box };
        foreach (var run in runs)
        {
            using var model = MujocoModel.Compile(run.Mjcf);
            var free = model.Bodies.Where(b => b.IsFree).ToArray();
            Assert.Equal(count, free.Length);
            Assert.All(free, b => Assert.Contains(model.Geoms, g => g.BodyId == b.Id && g.Shape == geomShape));
            Assert.Equal(plan.FreeBodies.OrderBy(n => n), free.Select(b => b.Name).OrderBy(n => n));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_give_each_seed_different_dimensions_and_positions(string prompt, string family, int count, PartShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        _ = (family, count, shape);
        var (_, _, _, runs) = await GenerateAsync(prompt);
        // Payload mass follows its size; the start and goal follow the layout.
        var masses = runs.Select(r => r.Definition["payload"]!["mass"]!.GetValue<double>()).ToArray();
        var starts = runs.Select(r => r.Definition["payload"]!["start"]!.ToJsonString()).ToArray();
        var goals = runs.Select(r => r.Definition["goal_zone"]!.ToJsonString()).ToArray();
        Assert.Equal(runs.Count, masses.Distinct().Count());
        Assert.Equal(runs.Count, starts.Distinct().Count());
        Assert.Equal(runs.Count, goals.Distinct().Count());
    }

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_carry_a_reference_solution_that_drives_the_payload(string prompt, string family, int count, PartShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        _ = (family, count, shape);
        var (plan, _, _, runs) = await GenerateAsync(prompt);
        foreach (var run in runs)
        {
            var solution = run.Definition["reference_solution"] as JsonObject;
            Assert.NotNull(solution);
            Assert.Equal("guide", solution["kind"]!.GetValue<string>());
            Assert.Equal(plan.PayloadBody, solution["body"]!.GetValue<string>());
            Assert.Equal(plan.PayloadBody, run.Definition["payload"]!["body"]!.GetValue<string>());
            Assert.NotEmpty(solution["waypoints"]!.AsArray());
            Assert.True(solution["max_force"]!.GetValue<double>() > 0);
            Assert.True(solution["duration"]!.GetValue<double>() > 0);
            var constraints = run.Definition["constraints"]!;
            Assert.True(constraints["max_unit_cost"]!.GetValue<double>() > 0);
            Assert.True(constraints["max_weight"]!.GetValue<double>() > 0);
            Assert.NotEmpty(run.Definition["forbid_zones"]!.AsArray());
            Assert.NotEmpty(run.Definition["fixed_parts"]!.AsArray());
        }
    }
}

public sealed class Planning_families_A
{
    [Fact]
    public void Should_let_only_the_ramp_scene_move_by_design()
    {
        Assert.False(TestSupport.Parser.Parse("A ball rolling down a ramp into a goal zone").MustSettle);
        foreach (var prompt in new[] { "A pyramid of 6 blocks", "A bin with 5 rubber balls inside", "A row of 8 dominoes",
                     "Two platforms separated by a gap; move the cube across", "Move the ball sideways past an obstacle wall" })
        {
            var plan = TestSupport.Parser.Parse(prompt);
            Assert.True(plan.MustSettle, prompt);
            Assert.Empty(plan.ExpectedJoints);
        }
    }

    [Theory]
    [InlineData("A pyramid of 6 blocks", "block_half_extent")]
    [InlineData("A bin with 5 rubber balls inside", "part_radius")]
    [InlineData("A ball rolling down a ramp into a goal zone", "ball_radius")]
    [InlineData("A row of 8 dominoes", "domino_half_height")]
    [InlineData("Two platforms separated by a gap; move the cube across", "payload_half_extent")]
    [InlineData("Move the ball sideways past an obstacle wall", "payload_half_extent")]
    public void Should_vary_part_size_by_forty_percent_and_position_across_the_workspace(string prompt, string sizeRange)
    {
        var plan = TestSupport.Parser.Parse(prompt);
        var size = plan.Ranges[sizeRange];
        var nominal = (size.Min + size.Max) / 2;
        Assert.True(size.Max - nominal >= 0.4 * nominal - 1e-6, $"{sizeRange} {size}");
        var position = plan.Ranges.Where(r => r.Key.Contains("centre", StringComparison.Ordinal) || r.Key == "row_lateral")
            .Select(r => r.Value.Max - r.Value.Min).Max();
        Assert.True(position >= 0.4 * (2 * plan.WorkspaceHalfExtent) - 1e-6, $"position range {position} for workspace ±{plan.WorkspaceHalfExtent}");
    }

    [Fact]
    public void Should_grow_the_workspace_for_long_rows_of_dominoes()
    {
        var few = TestSupport.Parser.Parse("A row of 3 dominoes");
        var many = TestSupport.Parser.Parse("A row of 20 large dominoes");
        Assert.True(many.WorkspaceHalfExtent > few.WorkspaceHalfExtent);
    }
}
