using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Physics;
using Benchgen.Rendering;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.EndToEnd.Tests;

/// <summary>The Rendering consumer with a recorded reference trajectory: small frames, a real MuJoCo model, no bus.</summary>
public sealed class Rendering_the_reference_animation : IAsyncLifetime
{
    const string Mjcf = """
        <mujoco model="drop">
          <option timestep="0.002"/>
          <worldbody>
            <light pos="0 0 3" dir="0 0 -1" directional="true"/>
            <geom name="floor" type="plane" size="3 3 0.1" rgba="0.7 0.7 0.7 1"/>
            <body name="block" pos="0 0 0.3"><freejoint/><geom type="box" size="0.05 0.05 0.05" mass="0.2" rgba="0.9 0.2 0.2 1"/></body>
          </worldbody>
        </mujoco>
        """;

    readonly ClaimCheckStore claims = new(new InMemoryClaimCheckBackend(), ClaimCheckStore.RandomKey());
    ServiceProvider provider = null!;
    ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rendering:Width"] = "64", ["Rendering:Height"] = "48", ["Rendering:Threads"] = "1",
            ["Rendering:AnimationWidth"] = "80", ["Rendering:AnimationHeight"] = "60", ["Rendering:AnimationFrames"] = "6",
        }).Build();
        provider = new ServiceCollection().AddLogging().AddSingleton<IClaimCheckStore>(claims).AddRendering(configuration)
            .AddMassTransitTestHarness(x => x.AddRenderingConsumers()).BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(60);
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
    }

    static Trajectory Fall()
    {
        using var model = MujocoModel.Compile(Mjcf);
        var recorder = new TrajectoryRecorder(10);
        recorder.Start(model);
        for (var i = 0; i < 300; i++)
        {
            model.Step();
            recorder.Observe(model);
        }
        return recorder.Result!;
    }

    async Task<T> Reply<T>(Guid session) where T : class
    {
        Assert.True(await harness.Published.Any<T>(x => (Guid)typeof(T).GetProperty("SessionId")!.GetValue(x.Context.Message)! == session),
            $"no {typeof(T).Name}: " + string.Join("; ", harness.Published.Select<RenderingFailed>().Select(f => f.Context.Message.Reason)));
        return harness.Published.Select<T>().First(x => (Guid)typeof(T).GetProperty("SessionId")!.GetValue(x.Context.Message)! == session).Context.Message;
    }

    [Fact]
    public async Task Should_render_the_configured_frames_into_a_gif_claim_next_to_the_views()
    {
        var session = NewId.NextGuid();
        var trajectory = await claims.PutTextAsync(session, Fall().ToJson());
        await harness.Bus.Publish(new RenderScenario(session, 1, await claims.PutTextAsync(session, Mjcf), "block", Guid.NewGuid(), trajectory));

        var rendered = await Reply<ScenarioRendered>(session);
        Assert.Equal(24, rendered.ViewCount);
        Assert.NotNull(rendered.Animation);
        Assert.Null(claims.Problem(session, rendered.Animation));
        Assert.Equal((6, 80, 60), Animation.Inspect(await claims.GetBytesAsync(session, rendered.Animation!)));
    }

    [Fact]
    public async Task Should_render_no_animation_when_the_request_carries_no_trajectory()
    {
        var session = NewId.NextGuid();
        await harness.Bus.Publish(new RenderScenario(session, 1, await claims.PutTextAsync(session, Mjcf), "block", Guid.NewGuid()));
        Assert.Null((await Reply<ScenarioRendered>(session)).Animation);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"format":"benchgen.trajectory/v1","nq":3,"seconds_per_sample":0.02,"samples":[[0,0,0]]}""", "position coordinates")]
    public async Task Should_fail_the_rendering_with_the_reason_when_the_animation_cannot_be_made(string trajectory, string reason)
    {
        var session = NewId.NextGuid();
        await harness.Bus.Publish(new RenderScenario(session, 1, await claims.PutTextAsync(session, Mjcf), "block", Guid.NewGuid(),
            await claims.PutTextAsync(session, trajectory)));

        var failed = await Reply<RenderingFailed>(session);
        Assert.StartsWith(AnimationFailedException.Prefix, failed.Reason);
        Assert.Contains(reason, failed.Reason);
        Assert.False(await harness.Published.Any<ScenarioRendered>(x => x.Context.Message.SessionId == session));
    }
}
