using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

/// <summary>
/// A hand-made benchmark: one 10 cm crate on the floor (the payload), optional extra bodies, a goal zone on the floor
/// at <see cref="GoalX"/>, a forbid zone just beyond it, and a reference solution that lifts the crate, carries it over
/// the goal and sets it down. Tests break one thing at a time.
/// </summary>
internal sealed record HandMadeScene
{
    public const double Half = 0.05;
    public double StartX { get; init; } = -0.3;
    public double GoalX { get; init; } = 0.2;
    public double GoalHalf { get; init; } = 0.08;
    public string CrateRgba { get; init; } = "0.9 0.1 0.1 1";
    public double? MaxForce { get; init; }
    public bool WithReferenceSolution { get; init; } = true;
    public bool ForbidOverGoal { get; init; }
    public bool CagedGoal { get; init; }
    public bool Hinge { get; init; }
    /// <summary>Extra MJCF bodies inside worldbody.</summary>
    public string Extra { get; init; } = "";
    public List<string> ExtraFreeBodies { get; init; } = [];

    public ScenarioPlan Plan(float[]? rgba = null, Dictionary<string, int>? joints = null, bool mustSettle = true) =>
        new("hand_made", "a crate", 1 + ExtraFreeBodies.Count, PartShape.Box, SizeClass.Medium, rgba is null ? null : "red", rgba,
            new MaterialSpec("wood", 1000, 1), "aligned", 0.6, new Dictionary<string, ParameterRange>(),
            ["crate", .. ExtraFreeBodies], "crate")
        {
            ExpectedJoints = joints ?? new Dictionary<string, int>(),
            MustSettle = mustSettle,
        };

    public string Mjcf()
    {
        var s = new StringBuilder();
        s.Append("""
            <mujoco model="hand_made">
              <option timestep="0.002"/>
              <worldbody>
                <geom name="floor" type="plane" size="1.5 1.5 0.05"/>
            """);
        s.Append(F($"""
                <body name="crate" pos="{StartX} 0 {Half}">
                  <freejoint/>
                  <geom name="crate_geom" type="box" size="{Half} {Half} {Half}" rgba="{CrateRgba}" density="1000"/>
                </body>
            """));
        if (CagedGoal)
        {
            // A closed box of walls and a roof around the goal zone: nothing can get in.
            var w = GoalHalf + 0.02;
            s.Append(F($"""
                <geom name="cage_roof" type="box" pos="{GoalX} 0 0.3" size="{w} {w} 0.01"/>
                <geom name="cage_px" type="box" pos="{GoalX + w} 0 0.15" size="0.01 {w} 0.15"/>
                <geom name="cage_nx" type="box" pos="{GoalX - w} 0 0.15" size="0.01 {w} 0.15"/>
                <geom name="cage_py" type="box" pos="{GoalX} {w} 0.15" size="{w} 0.01 0.15"/>
                <geom name="cage_ny" type="box" pos="{GoalX} {-w} 0.15" size="{w} 0.01 0.15"/>
            """));
        }
        if (Hinge)
        {
            s.Append("""
                <body name="flap" pos="0 0.4 0.2">
                  <joint name="flap_hinge" type="hinge" axis="1 0 0"/>
                  <geom type="box" size="0.05 0.01 0.1" pos="0 0 -0.1"/>
                </body>
            """);
        }
        s.Append(Extra);
        s.Append("""
              </worldbody>
            </mujoco>
            """);
        return s.ToString();
    }

    public JsonObject Definition()
    {
        var goalMin = new[] { GoalX - GoalHalf, -GoalHalf, 0.0 };
        var goalMax = new[] { GoalX + GoalHalf, GoalHalf, 0.15 };
        var forbid = ForbidOverGoal
            ? Box([GoalX - 0.1, -0.1, 0], [GoalX + 0.1, 0.1, 0.3])
            : Box([GoalX + GoalHalf + 0.04, -0.1, 0], [GoalX + GoalHalf + 0.24, 0.1, 0.3]);
        var definition = new JsonObject
        {
            ["build_zone"] = Box([-0.6, -0.6, 0], [0.6, 0.6, 0.5]),
            ["goal_zone"] = Box(goalMin, goalMax),
            ["forbid_zones"] = new JsonArray(forbid),
            ["payload"] = new JsonObject
            {
                ["body"] = "crate", ["label"] = "crate", ["shape"] = "box", ["material"] = "wood", ["mass"] = 1.0,
                ["start"] = Vector(StartX, 0, Half), ["jitter"] = Vector(0.005, 0.005, 0),
            },
            ["simulation_bounds"] = Box([-1.2, -1.2, -0.05], [1.2, 1.2, 1.5]),
            ["free_bodies"] = new JsonArray(["crate", .. ExtraFreeBodies.Select(b => (JsonNode)b)]),
        };
        if (WithReferenceSolution)
        {
            definition["reference_solution"] = new JsonObject
            {
                ["kind"] = "guide",
                ["body"] = "crate",
                ["waypoints"] = new JsonArray(Vector(StartX, 0, 0.12), Vector(GoalX, 0, 0.12), Vector(GoalX, 0, Half + 0.004)),
                ["max_force"] = MaxForce ?? 3 * 9.81 * 1.0,
                ["duration"] = 3.0,
            };
        }
        return definition;
    }

    public ScriptRun Run(int seed = 1, double scale = 1.0) => new(seed, scale, Mjcf(), Definition());

    private static JsonObject Box(double[] min, double[] max) =>
        new() { ["min"] = Vector(min[0], min[1], min[2]), ["max"] = Vector(max[0], max[1], max[2]) };

    private static JsonArray Vector(double x, double y, double z) => new(x, y, z);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

public sealed class Checking_a_hand_made_benchmark(ITestOutputHelper output)
{
    private ValidationReport Validate(ScenarioPlan plan, params ScriptRun[] runs)
    {
        var report = new ScenarioValidator(TestSupport.Options()).Validate(plan, runs);
        output.WriteLine(report.Summary);
        return report;
    }

    private static ValidationCheck Check(ValidationReport report, string name) => report.Runs[0].Checks.Last(c => c.Name == name);

    [Fact]
    public void Should_accept_the_intact_scene_with_every_check_passing()
    {
        var scene = new HandMadeScene();

        var report = Validate(scene.Plan(rgba: [0.9f, 0.1f, 0.1f, 1f]), scene.Run());

        Assert.True(report.Passed, report.Summary);
        Assert.Equal(1.0, report.PassFraction);
        foreach (var name in new[] { "goal_in_build_zone", "goal_forbid_disjoint", "payload_start", "structure", "joints", "colour",
                     "initial_penetration", "settled", "reference_solution" })
            Assert.True(Check(report, name).Passed, name);
        Assert.StartsWith("solved", Check(report, "reference_solution").Detail);
    }

    [Fact]
    public void Should_reject_overlapping_bodies_as_initial_penetration()
    {
        // A second crate sunk 3 cm into the payload.
        var scene = new HandMadeScene
        {
            Extra = """
                <body name="crate_2" pos="-0.3 0 0.12">
                  <freejoint/>
                  <geom type="box" size="0.05 0.05 0.05" rgba="0.9 0.1 0.1 1"/>
                </body>
            """,
            ExtraFreeBodies = ["crate_2"],
        };

        var report = Validate(scene.Plan(), scene.Run());

        Assert.False(report.Passed);
        var penetration = Check(report, "initial_penetration");
        Assert.False(penetration.Passed);
        Assert.Contains("interpenetrating", penetration.Detail);
        Assert.True(penetration.Value > penetration.Limit);
    }

    [Fact]
    public void Should_reject_a_goal_zone_inside_a_forbid_zone()
    {
        var scene = new HandMadeScene { ForbidOverGoal = true };

        var report = Validate(scene.Plan(), scene.Run());

        Assert.False(report.Passed);
        var disjoint = Check(report, "goal_forbid_disjoint");
        Assert.False(disjoint.Passed);
        Assert.Contains("overlaps forbid zone 0", disjoint.Detail);
    }

    [Fact]
    public void Should_reject_a_goal_zone_outside_the_build_zone()
    {
        var scene = new HandMadeScene { GoalX = 0.58 };

        var report = Validate(scene.Plan(), scene.Run());

        Assert.False(report.Passed);
        Assert.Contains("not inside the build zone", Check(report, "goal_in_build_zone").Detail);
    }

    [Fact]
    public void Should_reject_a_payload_whose_jittered_start_leaves_the_build_zone()
    {
        var scene = new HandMadeScene { StartX = -0.598 };

        var report = Validate(scene.Plan(), scene.Run());

        Assert.False(report.Passed);
        Assert.Contains("leaves the build zone", Check(report, "payload_start").Detail);
    }

    [Fact]
    public void Should_reject_an_unstable_stack_that_topples()
    {
        // The top crate overhangs the one below by 70% of its width, so it tips off.
        var scene = new HandMadeScene
        {
            Extra = """
                <body name="top" pos="-0.23 0 0.15">
                  <freejoint/>
                  <geom type="box" size="0.05 0.05 0.05" rgba="0.9 0.1 0.1 1"/>
                </body>
            """,
            ExtraFreeBodies = ["top"],
        };
        var plan = scene.Plan() with { PayloadBody = "top" };
        var definition = scene.Definition();
        definition["payload"]!["body"] = "top";
        definition["payload"]!["start"] = new JsonArray(-0.23, 0.0, 0.15);
        definition["reference_solution"]!["body"] = "top";

        var report = Validate(plan, scene.Run() with { Definition = definition });

        Assert.False(report.Passed);
        var rest = Check(report, "payload_rest");
        Assert.False(rest.Passed);
        Assert.Contains("does not stand", rest.Detail);
    }

    [Fact]
    public void Should_skip_the_settle_checks_where_the_plan_expects_motion()
    {
        // The toppling scene again, from a family whose scene is meant to move.
        var scene = new HandMadeScene
        {
            Extra = """
                <body name="top" pos="-0.23 0 0.15">
                  <freejoint/>
                  <geom type="box" size="0.05 0.05 0.05" rgba="0.9 0.1 0.1 1"/>
                </body>
            """,
            ExtraFreeBodies = ["top"],
        };

        var report = Validate(scene.Plan(mustSettle: false), scene.Run());

        Assert.Contains("not required", Check(report, "settled").Detail);
        Assert.True(Check(report, "settled").Passed);
        Assert.DoesNotContain(report.Runs[0].Checks, c => c.Name == "payload_rest");
    }

    [Fact]
    public void Should_reject_a_payload_of_the_wrong_colour()
    {
        var scene = new HandMadeScene { CrateRgba = "0.1 0.2 0.9 1" };

        var report = Validate(scene.Plan(rgba: [0.9f, 0.1f, 0.1f, 1f]), scene.Run());

        Assert.False(report.Passed);
        var colour = Check(report, "colour");
        Assert.False(colour.Passed);
        Assert.Contains("0 of 1 parts are red", colour.Detail);
    }

    [Fact]
    public void Should_accept_a_shaded_payload_of_the_asked_colour()
    {
        var scene = new HandMadeScene { CrateRgba = "0.72 0.08 0.08 1" };

        var report = Validate(scene.Plan(rgba: [0.9f, 0.1f, 0.1f, 1f]), scene.Run());

        Assert.True(Check(report, "colour").Passed, Check(report, "colour").Detail);
    }

    [Fact]
    public void Should_reject_a_model_missing_the_joint_the_family_needs()
    {
        var scene = new HandMadeScene();

        var report = Validate(scene.Plan(joints: new() { ["Hinge"] = 1 }), scene.Run());

        Assert.False(report.Passed);
        var joints = Check(report, "joints");
        Assert.False(joints.Passed);
        Assert.Contains("needs 1 hinge joint, the model has 0", joints.Detail);
    }

    [Fact]
    public void Should_accept_the_joint_when_the_model_has_it()
    {
        var scene = new HandMadeScene { Hinge = true };

        var report = Validate(scene.Plan(joints: new() { ["Hinge"] = 1 }), scene.Run());

        Assert.True(Check(report, "joints").Passed, Check(report, "joints").Detail);
    }

    [Fact]
    public void Should_reject_more_free_bodies_than_the_prompt_asked_for()
    {
        var scene = new HandMadeScene
        {
            Extra = """
                <body name="stray" pos="0 -0.4 0.05">
                  <freejoint/>
                  <geom type="box" size="0.05 0.05 0.05"/>
                </body>
            """,
        };

        var report = Validate(scene.Plan(), scene.Run());

        Assert.False(report.Passed);
        Assert.Contains("2 free bodies, the plan expects 1", Check(report, "structure").Detail);
    }

    [Fact]
    public void Should_record_the_pass_fraction_across_runs()
    {
        var good = new HandMadeScene();
        var bad = new HandMadeScene { ForbidOverGoal = true };

        var report = Validate(good.Plan(), good.Run(1), good.Run(1, 0.6) with { Scale = 0.6 }, bad.Run(2), good.Run(3));

        Assert.False(report.Passed);
        Assert.Equal(0.75, report.PassFraction);
        Assert.Contains("75", report.Summary);
    }
}

public sealed class Configuring_validation_scales
{
    [Fact]
    public void Should_default_to_scales_0_6_and_1_4()
    {
        Assert.Equal([0.6, 1.4], new GenerationOptions().EffectiveExtraScales);
    }

    [Fact]
    public void Should_replace_the_default_scales_with_configured_ones_instead_of_appending()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Generation:ExtraScales:0"] = "0.8",
        }).Build();
        using var provider = new ServiceCollection().AddGeneration(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GenerationOptions>>().Value;

        Assert.Equal([0.8], options.EffectiveExtraScales);
    }

    [SkippableFact]
    public async Task Should_validate_every_seed_at_every_scale()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var options = TestSupport.Options();
        var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));
        var compiled = TestSupport.Compile("A stack of 2 blocks");

        var (scenario, report) = await validation.RunAsync(compiled.Plan, compiled.Script, compiled.Plan.Prompt, 5, 2,
            (_, _) => Task.CompletedTask, CancellationToken.None, spec: compiled.Spec);

        Assert.True(report.Passed, report.Summary);
        Assert.NotNull(scenario);
        var seeds = new[] { 5 }.Concat(ScriptValidation.VariantSeeds(5, 2)).ToArray();
        var expected = seeds.SelectMany(s => new[] { 1.0, 0.6, 1.4 }.Select(scale => (s, scale))).Order().ToArray();
        Assert.Equal(expected, report.Runs.Select(r => (r.Seed, r.Scale)).Order().ToArray());
        Assert.Equal(1.0, report.PassFraction);
    }
}

public sealed class Measuring_settling_over_a_window
{
    const string Scene = """
        <mujoco>
          <worldbody>
            <geom type="plane" size="2 2 0.1"/>
            <body name="resting" pos="0 0 0.05"><freejoint/><geom type="box" size="0.05 0.05 0.05"/></body>
            <body name="falling" pos="1 0 1.5"><freejoint/><geom type="sphere" size="0.05"/></body>
          </worldbody>
        </mujoco>
        """;

    [Fact]
    public void Should_read_gravity_for_a_falling_body()
    {
        using var model = Benchgen.Physics.MujocoModel.Compile(Scene);
        model.Step(10);
        Assert.Equal(9.81, Benchgen.Generation.Validation.ScenarioValidator.WindowedAcceleration(model), 1);
    }

    [Fact]
    public void Should_read_almost_nothing_once_everything_rests()
    {
        using var model = Benchgen.Physics.MujocoModel.Compile(Scene.Replace("pos=\"1 0 1.5\"", "pos=\"1 0 0.05\""));
        model.Step(1000);
        Assert.InRange(Benchgen.Generation.Validation.ScenarioValidator.WindowedAcceleration(model), 0, 1e-2);
    }
}
