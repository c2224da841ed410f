using Benchgen.Generation.Tests.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Xunit;

namespace Benchgen.Generation.Tests;

/// <summary>The validator records the canonical run's reference replay for the animation, and only that run's.</summary>
public sealed class Recording_the_reference_replay
{
    [SkippableFact]
    public async Task Should_carry_the_canonical_replay_from_the_start_pose_to_the_solved_one()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        // The example task is validated once per test run (cached with the example-task theory).
        var (compiled, report) = await Compiling_the_example_tasks.ValidateAsync("01-put-bowl-on-plate.task.json");
        Assert.True(report.Passed, report.Summary);
        var trajectory = report.ReferenceTrajectory;
        Assert.NotNull(trajectory);
        Assert.InRange(trajectory.Samples.Count, 20, ReferenceRecording.MaxSamples);
        // One sample per 10 steps, or a power-of-two multiple of it once the bound was reached.
        var steps = trajectory.SecondsPerSample / 0.002;
        Assert.Contains(Math.Round(steps), new double[] { 10, 20, 40, 80 });

        // The first sample is the model's start pose; the bowl ends elsewhere (on the plate).
        var run = await new Sandbox.ScriptSandbox(TestSupport.Options()).RunAsync(compiled.Script, [(Compiling_the_example_tasks.Seed, 1.0)], CancellationToken.None);
        using var model = MujocoModel.Compile(run[0].Mjcf);
        Assert.Equal(model.PositionCount, trajectory.PositionCount);
        model.Reset();
        Assert.Equal(model.Positions(), trajectory.Samples[0]);
        Assert.NotEqual(trajectory.Samples[0], trajectory.Samples[^1]);
        // It is not written into validation.json.
        Assert.DoesNotContain("trajectory", report.ToJson(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Should_record_only_the_canonical_run()
    {
        Assert.NotNull(ReferenceRecording.For("canonical"));
        Assert.Null(ReferenceRecording.For("variant"));
        Assert.Null(ReferenceRecording.For("scale"));
    }
}
