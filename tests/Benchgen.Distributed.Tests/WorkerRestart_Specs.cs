using Xunit;

namespace Benchgen.Distributed.Tests;

[Collection(DistributedClusterCollection.Name)]
public sealed class A_rendering_worker_that_is_gone_mid_session(DistributedCluster cluster)
{
    // MassTransit's kebab-case name for RenderScenarioConsumer's receive endpoint.
    const string RenderQueue = "render-scenario";
    static readonly TimeSpan StageWait = TimeSpan.FromMinutes(2);
    static readonly TimeSpan Unattended = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task Should_leave_the_render_request_queued_and_finish_when_a_worker_returns()
    {
        cluster.EnsureAvailable();
        var api = new IntakeApi(cluster.Api, cluster.Tails);
        var broker = new Broker(cluster.RabbitMqUri);

        cluster.Kill(ServiceHost.Rendering);
        try
        {
            var session = await api.SubmitAsync("A stack of 3 cubes", seed: 7, variants: 1);
            await api.WaitForStateAsync(session.SessionId, "Rendering", StageWait);

            // With no consumer, the durable queue holds the request and the session waits instead of failing.
            await Task.Delay(Unattended);
            var waiting = await api.FindSessionAsync(session.SessionId);
            Assert.True(waiting?.State == "Rendering",
                $"with no rendering worker the session must stay in Rendering, got {(waiting is null ? "nothing" : IntakeApi.Describe(waiting))}");
            Assert.True(await broker.MessageCountAsync(RenderQueue) >= 1, $"queue '{RenderQueue}' should hold the render request while no worker runs");

            await cluster.StartAsync(ServiceHost.Rendering);

            var accepted = await api.WaitForStateAsync(session.SessionId, "Accepted", StageWait);
            Assert.Contains(accepted.Checkpoints, c => c.Stage == "reviewing");
            Assert.False(string.IsNullOrEmpty(accepted.BenchmarkId));
            Assert.NotNull(await api.FindAssetAsync(accepted.BenchmarkId!));
        }
        finally
        {
            // Later tests in the collection need a complete cluster whatever happened here.
            if (!cluster.IsRunning(ServiceHost.Rendering))
            {
                await cluster.StartAsync(ServiceHost.Rendering);
            }
        }
    }
}
