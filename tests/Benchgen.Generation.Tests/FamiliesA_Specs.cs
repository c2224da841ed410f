using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

/// <summary>
/// The pyramid, container, ramp, dominoes, gap-bridge and sideways-transfer presets, each planned by the embedded
/// parser, compiled through the task template and the asset library, and run through the same sandbox → validator step
/// generation uses (canonical seed + 4 variants, at every configured scale) with the spec's fidelity checks and the
/// derived reference skills.
/// </summary>
public sealed class Generating_families_A(ITestOutputHelper output)
{
    public const int Seed = 11;

    public static TheoryData<string, string, int, GeomShape> Families => new()
    {
        { "A pyramid of 6 blocks", "pyramid", 6, GeomShape.Box },
        { "A box containing three small spheres", "container", 3, GeomShape.Sphere },
        { "A ball rolling down a ramp into a goal zone", "ramp", 1, GeomShape.Sphere },
        { "A row of 8 dominoes", "dominoes", 8, GeomShape.Box },
        { "Two platforms separated by a gap; move the cube across", "gap_bridge", 1, GeomShape.Box },
        { "Move the ball sideways into the goal zone, past an obstacle wall", "sideways_transfer", 1, GeomShape.Sphere },
    };

    private static readonly ConcurrentDictionary<string, Lazy<Task<(CompiledTask Compiled, GeneratedScenario? Scenario, ValidationReport Report, IReadOnlyList<ScriptRun> Runs)>>> Cache = new();

    /// <summary>Validates a prompt once per test run; every spec of the family reads the same result.</summary>
    internal static Task<(CompiledTask Compiled, GeneratedScenario? Scenario, ValidationReport Report, IReadOnlyList<ScriptRun> Runs)> GenerateAsync(string prompt) =>
        Cache.GetOrAdd(prompt, p => new Lazy<Task<(CompiledTask, GeneratedScenario?, ValidationReport, IReadOnlyList<ScriptRun>)>>(async () =>
        {
            var options = TestSupport.Options();
            var compiled = TestSupport.Compile(p);
            var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));
            var (scenario, report) = await validation.RunAsync(compiled.Plan, compiled.Script, p, Seed, 4, (_, _) => Task.CompletedTask,
                CancellationToken.None, spec: compiled.Spec);
            // The raw runs (MJCF + definition per seed and scale) for the fidelity and variety checks below.
            var seeds = ScriptValidation.VariantSeeds(Seed, 4).Prepend(Seed).Select(s => (s, 1.0)).ToArray();
            var runs = await new ScriptSandbox(options).RunAsync(compiled.Script.Source, seeds);
            return (compiled, scenario, report, runs);
        })).Value;

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_pass_validation_for_five_seeds_at_every_scale(string prompt, string family, int count, GeomShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        _ = shape;
        var (compiled, scenario, report, _) = await GenerateAsync(prompt);
        output.WriteLine(compiled.Spec.Describe());
        output.WriteLine(report.Summary);
        foreach (var run in report.Runs.Where(r => !r.Passed))
            output.WriteLine($"seed {run.Seed} x{run.Scale}: " + string.Join("; ", run.Failures.Select(c => $"{c.Name}: {c.Detail}")));

        Assert.Equal(family, compiled.Spec.Preset);
        Assert.Equal(family, compiled.Plan.Family);
        Assert.True(report.Passed, report.Summary);
        Assert.NotNull(scenario);
        var expectedRuns = 5 * (1 + GenerationOptions.DefaultExtraScales.Count(s => s != 1.0));
        Assert.Equal(expectedRuns, report.Runs.Count);
        Assert.Equal(5, report.Runs.Where(r => r.Scale == 1.0).Select(r => r.Seed).Distinct().Count());
        Assert.Equal(count, compiled.Plan.ExpectedFreeBodies);
        foreach (var check in new[] { "task_objects", "task_colours", "task_parts", "initial_state", "goal_false_at_start", "task_goal", "reference_solution" })
            Assert.All(report.Runs, r => Assert.True(r.Checks.Single(c => c.Name == check).Passed, $"{check} in seed {r.Seed} x{r.Scale}"));
    }

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_build_the_asked_number_of_free_bodies_of_the_asked_shape(string prompt, string family, int count, GeomShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (compiled, _, _, runs) = await GenerateAsync(prompt);
        Assert.Equal(family, compiled.Spec.Preset);
        Assert.Equal(count, compiled.Plan.ExpectedFreeBodies);
        foreach (var run in runs)
        {
            using var model = MujocoModel.Compile(run.Mjcf);
            var free = model.Bodies.Where(b => b.IsFree).ToArray();
            Assert.Equal(count, free.Length);
            Assert.All(free, b => Assert.Contains(model.Geoms, g => g.BodyId == b.Id && g.Shape == shape));
            Assert.Equal(compiled.Plan.FreeBodies.OrderBy(n => n), free.Select(b => b.Name).OrderBy(n => n));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Families))]
    public async Task Should_give_each_seed_different_dimensions_and_positions(string prompt, string family, int count, GeomShape shape)
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
    public async Task Should_carry_a_reference_solution_that_drives_the_payload(string prompt, string family, int count, GeomShape shape)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        _ = (family, count, shape);
        var (compiled, _, report, runs) = await GenerateAsync(prompt);
        // The solution is the skills derived from the goal; its first step moves the goal's subject, the payload.
        var solution = report.ReferenceSolution;
        Assert.NotNull(solution);
        Assert.Equal(SkillPlan.Kind, solution!["kind"]!.GetValue<string>());
        var steps = solution["steps"]!.AsArray();
        Assert.NotEmpty(steps);
        Assert.Equal(compiled.Plan.PayloadBody, steps[0]!["subject"]!.GetValue<string>());
        Assert.True(steps.All(s => s!["max_effort"]!.GetValue<double>() >= 0));
        foreach (var run in runs)
        {
            Assert.Equal(compiled.Plan.PayloadBody, run.Definition["payload"]!["body"]!.GetValue<string>());
            Assert.Null(run.Definition["reference_solution"]);
            var constraints = run.Definition["constraints"]!;
            Assert.True(constraints["max_unit_cost"]!.GetValue<double>() > 0);
            Assert.True(constraints["max_weight"]!.GetValue<double>() > 0);
            Assert.NotEmpty(run.Definition["forbid_zones"]!.AsArray());
            Assert.NotEmpty(run.Definition["fixed_parts"]!.AsArray());
            Assert.Equal(family, run.Definition["family"]!.GetValue<string>());
        }
    }
}

public sealed class Planning_families_A
{
    [Fact]
    public void Should_plan_every_preset_scene_to_settle_with_no_joints()
    {
        // The ramp's ball rests on the ramp's top until it is moved; nothing moves by design any more.
        foreach (var prompt in new[] { "A ball rolling down a ramp into a goal zone", "A pyramid of 6 blocks", "A bin with 5 rubber balls inside",
                     "A row of 8 dominoes", "Two platforms separated by a gap; move the cube across", "Move the ball sideways past an obstacle wall" })
        {
            var compiled = TestSupport.Compile(prompt);
            Assert.True(compiled.Plan.MustSettle, prompt);
            Assert.Empty(compiled.Plan.ExpectedJoints);
            Assert.All(compiled.Spec.Objects, o => Assert.Empty(o.Parts ?? []));
        }
    }

    [Theory]
    [InlineData("A pyramid of 6 blocks", "block_1")]
    [InlineData("A bin with 5 rubber balls inside", "ball_1")]
    [InlineData("A ball rolling down a ramp into a goal zone", "ball_1")]
    [InlineData("A row of 8 dominoes", "domino_1")]
    [InlineData("Two platforms separated by a gap; move the cube across", "block_1")]
    [InlineData("Move the ball sideways past an obstacle wall", "ball_1")]
    public void Should_vary_part_size_by_forty_percent(string prompt, string part)
    {
        var spec = TestSupport.Compile(prompt).Spec;
        var size = spec.Variation.Ranges[part + ".size"];
        Assert.True(size[0] <= 0.6 + 1e-9 && size[1] >= 1.4 - 1e-9, $"{part}.size [{size[0]}, {size[1]}]");
    }

    [Theory]
    [InlineData("A pyramid of 6 blocks", "beyond_goal")]
    [InlineData("A box containing three small spheres", "beyond_goal")]
    [InlineData("A ball rolling down a ramp into a goal zone", "beyond_goal")]
    [InlineData("A row of 8 dominoes", "beyond_goal")]
    [InlineData("Two platforms separated by a gap; move the cube across", "between")]
    [InlineData("Move the ball sideways into the goal zone, past an obstacle wall", "around")]
    public void Should_state_the_preset_zones_in_the_spec(string prompt, string forbid)
    {
        var spec = TestSupport.Compile(prompt).Spec;
        Assert.Equal(forbid, Assert.Single(spec.Zones.Forbid).Region);
    }

    [SkippableFact]
    public async Task Should_grow_the_workspace_for_long_rows_of_dominoes()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var few = (await TestSupport.RunAsync(TestSupport.Script("A row of 3 dominoes").Source, (4, 1.0)))[0];
        var many = (await TestSupport.RunAsync(TestSupport.Script("A row of 20 large dominoes").Source, (4, 1.0)))[0];
        static double Half(ScriptRun r) => r.Definition["build_zone"]!["max"]![0]!.GetValue<double>();
        Assert.Equal(0.6, Half(few), 5);
        Assert.True(Half(many) > Half(few) + 0.5, $"build zone half {Half(many)}");
        // Every domino stands inside the build zone.
        using var model = MujocoModel.Compile(many.Mjcf);
        model.Step(1);
        Assert.All(model.Bodies.Where(b => b.IsFree), b => Assert.True(Math.Abs(model.BodyPosition(b.Id).X) < Half(many), b.Name));
    }
}
