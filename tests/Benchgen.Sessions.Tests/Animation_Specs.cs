using Benchgen.Contracts;
using MassTransit.Testing;
using Xunit;

namespace Benchgen.Sessions.Tests;

/// <summary>The reference trajectory and the animation travel through the saga like the other claim checks.</summary>
public class A_session_with_a_reference_animation
{
    static string AssetUrl(SessionHarness h, Guid id, string key) =>
        new Uri(Path.Combine(Path.GetFullPath(h.DataDir), "buckets", "benchmarks-assets", BenchmarkIds.For(id), key)).AbsoluteUri;

    [Fact]
    public async Task Should_carry_the_trajectory_to_rendering_and_the_animation_to_persistence_and_the_asset_urls()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();
        var trajectory = h.Claim(id, "{\"format\":\"benchgen.trajectory/v1\"}");
        await h.Harness.Bus.Publish(await h.Generated(id, 1) with { ReferenceTrajectory = trajectory });
        await h.InState(id, m => m.Rendering);
        Assert.True(await h.Harness.Published.Any<RenderScenario>(x => x.Context.Message.SessionId == id && x.Context.Message.ReferenceTrajectory == trajectory));

        // A reply without the animation the request asked for is refused: the session stays in Rendering.
        await h.Harness.Bus.Publish(await h.Rendered(id, 1));
        await Eventually(() => h.Checks.Refused == 1);
        Assert.Contains(h.Checks.Recent, r => r.SessionId == id && r.Reason.Contains("no animation"));
        Assert.Equal("Rendering", h.Saga.Sagas.Contains(id)!.CurrentState);
        // Nor is an animation claim of another session.
        await h.Harness.Bus.Publish(await h.Rendered(id, 1) with { Animation = h.Claim(Guid.NewGuid(), "GIF89a") });
        await Eventually(() => h.Checks.Refused == 2);

        var animation = h.Claim(id, "GIF89a");
        await h.Harness.Bus.Publish(await h.Rendered(id, 1) with { Animation = animation });
        await h.InState(id, m => m.Reviewing);
        await h.Harness.Bus.Publish(await h.Reviewed(id, 1, true, "payload visible"));
        await h.InState(id, m => m.Persisting);
        Assert.True(await h.Harness.Published.Any<PersistAsset>(x => x.Context.Message.SessionId == id && x.Context.Message.Animation == animation));

        // Persistence must say where it stored the animation, and only in this deployment's place for it.
        await h.Harness.Bus.Publish(await h.Persisted(id));
        await Eventually(() => h.Checks.Refused == 3);
        Assert.Contains(h.Checks.Recent, r => r.SessionId == id && r.Reason.Contains("animation.gif"));
        await h.Harness.Bus.Publish(await h.Persisted(id) with { Urls = h.Urls(id) with { Animation = AssetUrl(h, id, "elsewhere.gif") } });
        await Eventually(() => h.Checks.Refused == 4);
        var url = AssetUrl(h, id, "animation.gif");
        await h.Harness.Bus.Publish(await h.Persisted(id) with { Urls = h.Urls(id) with { Animation = url } });
        var session = await h.InState(id, m => m.Accepted);
        Assert.Equal(url, session.AssetUrls!.Animation);
        Assert.True(await h.PublishedEventually<GenerationSessionCompleted>(m => m.SessionId == id && m.Urls.Animation == url));
    }

    [Fact]
    public async Task Should_need_no_animation_when_generation_sent_no_trajectory()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();
        await h.Harness.Bus.Publish(await h.Generated(id, 1));
        await h.InState(id, m => m.Rendering);
        Assert.True(await h.Harness.Published.Any<RenderScenario>(x => x.Context.Message.SessionId == id && x.Context.Message.ReferenceTrajectory == null));
        await h.Harness.Bus.Publish(await h.Rendered(id, 1));
        await h.InState(id, m => m.Reviewing);
        await h.Harness.Bus.Publish(await h.Reviewed(id, 1, true, "ok"));
        await h.InState(id, m => m.Persisting);
        Assert.True(await h.Harness.Published.Any<PersistAsset>(x => x.Context.Message.SessionId == id && x.Context.Message.Animation == null));
        await h.Harness.Bus.Publish(await h.Persisted(id));
        Assert.Null((await h.InState(id, m => m.Accepted)).AssetUrls!.Animation);
        Assert.Equal(0, h.Checks.Refused);
    }

    static async Task Eventually(Func<bool> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold in time");
            await Task.Delay(50);
        }
    }
}
