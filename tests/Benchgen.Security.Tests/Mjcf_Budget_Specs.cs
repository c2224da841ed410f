using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Xunit;
using static Benchgen.Security.Tests.Mjcf_Hostile;

namespace Benchgen.Security.Tests;

/// <summary>
/// Issue 8 item 4, "No budget for MuJoCo work": a tiny model asking for a huge height field, a 1e-7 s timestep and a
/// simulation that would run for hours are refused or stopped — before compiling where the text shows the cost, on the
/// compiled model before its data is allocated, by the per-model step budget, and by the caller's cancellation token.
/// </summary>
public sealed class Mjcf_Budget_Specs
{
    private const string HugeHfield =
        """<mujoco><asset><hfield name="h" nrow="20000" ncol="20000" size="1 1 1 1"/></asset><worldbody><geom type="hfield" hfield="h"/></worldbody></mujoco>""";

    [Fact]
    public void A_250_byte_hfield_of_20000_by_20000_is_refused_before_mujoco_allocates_it()
    {
        Assert.True(HugeHfield.Length <= 250, $"{HugeHfield.Length} bytes");
        var managedBefore = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(HugeHfield));

        // Before compiling: MuJoCo never ran, so its 1.6 GB of samples were never asked for; the gate itself reads the
        // text only (a few hundred KB of managed allocations at most, against gigabytes).
        Assert.Contains("refused before compiling", ex.Message);
        Assert.Contains("400000000 samples (nrow × ncol), more than the limit of 262144 (Mujoco:MaxHfieldSamples)", ex.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - managedBefore, 0, 16L * 1024 * 1024);
    }

    [Theory]
    [InlineData("1e-7")]
    [InlineData("0.00001")]
    public void A_timestep_below_the_floor_is_refused(string timestep)
    {
        var mjcf = Scene().Replace("""<option timestep="0.002"/>""", $"""<option timestep="{timestep}"/>""");

        var report = new ScenarioValidator(Options()).Validate(Plan(), [Run(mjcf)]);

        Assert.False(report.Passed);
        var compiles = report.Runs[0].Checks.Single(c => c.Name == "compiles");
        Assert.False(compiles.Passed);
        Assert.Contains("below the minimum of 0.0001 s (Mujoco:MinTimestep)", compiles.Detail);
    }

    [Fact]
    public void A_model_whose_data_would_not_fit_is_refused_after_compiling_before_mjdata_exists()
    {
        // njmax is the memory knob of MuJoCo 2.2.2 (it allocates njmax x njmax matrices): 9000 rows is ~1 GB of mjData.
        var mjcf = Scene(head: """<size njmax="9000" nconmax="500"/>""");

        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(mjcf));

        Assert.Contains("refused after compiling: its simulation data would take", ex.Message);
        Assert.Contains("(Mujoco:MaxDataMegabytes)", ex.Message);
    }

    [Fact]
    public void A_simulation_longer_than_the_step_budget_fails_its_check_instead_of_running_on()
    {
        // A script may not choose how long the validator simulates, but configuration may be generous; the budget holds.
        var options = Options(o =>
        {
            o.SimulationSeconds = 100_000;
            o.RandomBaselineTrials = 0;
        });
        var limits = new MujocoLimits { MaxStepsPerModel = 20_000 };

        var report = new ScenarioValidator(options, limits).Validate(Plan(), [Run(Scene())]);

        Assert.False(report.Passed);
        var simulation = report.Runs[0].Checks.Single(c => c.Name == "simulation");
        Assert.False(simulation.Passed);
        Assert.Contains("passed its budget of 20000 simulation steps (Mujoco:MaxStepsPerModel)", simulation.Detail);
    }

    [Fact]
    public async Task Cancelling_stops_a_validation_that_would_simulate_for_hours()
    {
        // Steps and wall time unbounded, a day of simulated time per run and per baseline trial: only the token stops it.
        var options = Options(o =>
        {
            o.SimulationSeconds = 86_400;
            o.RandomBaselineSeconds = 86_400;
            o.RandomBaselineTrials = 1;
        });
        var limits = new MujocoLimits { MaxStepsPerModel = 0, MaxWallSecondsPerModel = 0 };
        using var cts = new CancellationTokenSource();
        var validator = new ScenarioValidator(options, limits);

        var validation = Task.Run(() => validator.Validate(Plan(), [Run(Scene()), Run(Scene())], cancellationToken: cts.Token));
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));

        // A bound, not a timing assertion: without the token reaching the step loops this runs for days.
        var finished = await Task.WhenAny(validation, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(validation, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => validation);
    }

    [Fact]
    public void A_run_past_the_step_budget_fails_the_check_that_was_simulating_and_validation_returns()
    {
        // The scene's own simulation needs 3 s = 1,500 steps; a budget of 1,000 stops it part way. (Presets no longer
        // carry a scripted guide, so the budget is shown on the validator's own simulation.)
        var limits = new MujocoLimits { MaxStepsPerModel = 1_000 };

        var report = new ScenarioValidator(Options(o => o.RandomBaselineTrials = 0), limits).Validate(Plan(), [Run(Scene())]);

        Assert.False(report.Passed);
        Assert.Contains(report.Runs[0].Checks, c => !c.Passed && c.Detail.Contains("passed its budget of 1000 simulation steps (Mujoco:MaxStepsPerModel)"));
    }
}
