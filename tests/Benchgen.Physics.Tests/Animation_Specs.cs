namespace Benchgen.Physics.Tests;

public class Recording_and_animating_a_trajectory
{
    // Three boxes dropped from a little height: they fall and settle, so the poses differ over the run.
    private static MujocoModel Falling() => MujocoModel.Compile(Scenes.Stack(gap: 0.05));

    private static Trajectory Record(MujocoModel model, int steps, int every = 10, int maxSamples = 512)
    {
        model.Reset();
        var recorder = new TrajectoryRecorder(every, maxSamples);
        recorder.Start(model);
        for (var i = 0; i < steps; i++)
        {
            model.Step();
            recorder.Observe(model);
        }
        return recorder.Result!;
    }

    [Fact]
    public void Should_sample_qpos_every_k_steps_from_the_start()
    {
        using var model = Falling();
        var start = model.Positions();
        var trajectory = Record(model, 200, every: 10);

        Assert.Equal(model.PositionCount, trajectory.PositionCount);
        Assert.Equal(21, trajectory.Samples.Count); // t = 0 and every 10th of 200 steps
        Assert.Equal(start, trajectory.Samples[0]);
        Assert.Equal(model.Positions(), trajectory.Samples[^1]);
        Assert.Equal(10 * model.Timestep, trajectory.SecondsPerSample, 12);
        Assert.NotEqual(trajectory.Samples[0], trajectory.Samples[^1]);
    }

    [Fact]
    public void Should_thin_to_its_bound_by_doubling_the_interval()
    {
        using var model = Falling();
        var full = Record(model, 400, every: 1, maxSamples: 4096);
        var thinned = Record(model, 400, every: 1, maxSamples: 64);

        Assert.True(thinned.Samples.Count <= 64, $"{thinned.Samples.Count} samples");
        var every = (int)Math.Round(thinned.SecondsPerSample / model.Timestep);
        Assert.Equal(8, every); // 401 samples → 64 needs an interval of 8 steps
        for (var i = 0; i < thinned.Samples.Count; i++) Assert.Equal(full.Samples[i * every], thinned.Samples[i]);
    }

    [Fact]
    public void Should_round_trip_its_json_and_refuse_a_trajectory_that_does_not_read()
    {
        using var model = Falling();
        var trajectory = Record(model, 100);
        var json = trajectory.ToJson();
        var back = Trajectory.Parse(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(trajectory.Samples.Count, back.Samples.Count);
        Assert.Equal(trajectory.Samples[^1][0], back.Samples[^1][0], 6);
        Assert.Throws<FormatException>(() => Trajectory.Parse("{\"format\":\"other\"}"));
        Assert.Throws<FormatException>(() => Trajectory.Parse(json.Replace("\"nq\":" + model.PositionCount, "\"nq\":" + (model.PositionCount + 1))));
        Assert.Throws<FormatException>(() => Trajectory.Parse("not json"));
    }

    [Fact]
    public void Should_pick_exactly_the_frame_count_evenly_first_to_last()
    {
        var samples = Enumerable.Range(0, 11).Select(i => new[] { (double)i }).ToArray();
        var trajectory = new Trajectory(1, 0.1, samples);

        Assert.Equal([0.0, 5, 10], trajectory.Pick(3).Select(q => q[0]));
        Assert.Equal(48, trajectory.Pick(48).Count);
        Assert.Equal(10, trajectory.Pick(48)[^1][0]);
    }

    [Fact]
    public void Should_render_a_gif_with_the_frame_count_that_is_the_same_bytes_every_time_and_shows_the_motion()
    {
        using var model = Falling();
        var trajectory = Record(model, 300);
        using var renderer = new OffscreenRenderer(120, 90);
        var settings = new AnimationSettings(Frames: 12);

        var gif = Animation.Render(renderer, model, trajectory, settings);
        var again = Animation.Render(renderer, model, Trajectory.Parse(trajectory.ToJson()), settings);

        Assert.Equal((12, 120, 90), Animation.Inspect(gif));
        Assert.Equal(gif, again);
        // the boxes fall: the first and the last frame differ
        var still = Animation.Render(renderer, model, new Trajectory(trajectory.PositionCount, 1, [trajectory.Samples[0]]), settings);
        Assert.NotEqual(gif, still);
    }

    [Fact]
    public void Should_refuse_a_trajectory_of_another_model()
    {
        using var model = Falling();
        using var renderer = new OffscreenRenderer(40, 30);
        var other = new Trajectory(model.PositionCount + 7, 0.02, [new double[model.PositionCount + 7]]);

        var ex = Assert.Throws<FormatException>(() => Animation.Render(renderer, model, other));
        Assert.Contains("position coordinates", ex.Message);
    }
}
