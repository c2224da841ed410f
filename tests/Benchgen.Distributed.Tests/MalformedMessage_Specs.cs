using System.Text;
using RabbitMQ.Client;
using Xunit;

namespace Benchgen.Distributed.Tests;

[Collection(DistributedClusterCollection.Name)]
public sealed class A_malformed_message_on_the_generation_queue(DistributedCluster cluster)
{
    // MassTransit binds an exchange of the same name to each receive endpoint's queue and moves messages it cannot
    // deserialize to the queue's "_error" twin.
    const string GenerateExchange = "generate-scenario";
    const string GenerateErrorQueue = "generate-scenario_error";
    static readonly TimeSpan ErrorWait = TimeSpan.FromSeconds(45);

    [SkippableTheory]
    [InlineData("application/vnd.masstransit+json", "{\"messageType\": [\"urn:message:Benchgen.Contracts:GenerateScenario\"], \"message\": {")]
    [InlineData("application/octet-stream", "\u0001\u0002 not a message at all")]
    public async Task Should_be_moved_to_the_error_queue_and_leave_the_worker_running(string contentType, string garbage)
    {
        cluster.EnsureAvailable();
        var broker = new Broker(cluster.RabbitMqUri);
        var marker = Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes(garbage + " " + marker);

        await broker.PublishAsync(GenerateExchange, body, new BasicProperties
        {
            ContentType = contentType,
            MessageId = marker,
            Persistent = true,
        });

        TakenMessage? dead = null;
        var deadline = DateTime.UtcNow + ErrorWait;
        while (dead is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            dead = await broker.TakeAsync(GenerateErrorQueue, m => m.Properties.MessageId == marker || Encoding.UTF8.GetString(m.Body).Contains(marker));
        }

        Assert.True(dead is not null,
            $"the malformed {contentType} message {marker} did not reach '{GenerateErrorQueue}' within {ErrorWait.TotalSeconds:0} s\n{cluster.Tails()}");
        Assert.Equal(body, dead.Body);
        Assert.False(string.IsNullOrEmpty(dead.Header("MT-Fault-Message")), "MassTransit records why it moved the message (MT-Fault-Message header)");

        var generation = cluster.Host(ServiceHost.Generation);
        Assert.False(generation.HasExited, $"the Generation host must survive a malformed message\n{generation.Tail()}");
        await generation.WaitUntilReadyAsync(TimeSpan.FromSeconds(10));
    }
}

[Collection(DistributedClusterCollection.Name)]
public sealed class A_malformed_message_for_a_known_session(DistributedCluster cluster)
{
    [SkippableFact]
    public async Task Should_end_that_session_failed_with_the_reason()
    {
        cluster.EnsureAvailable();
        var api = new IntakeApi(cluster.Api, cluster.Tails);
        var broker = new Broker(cluster.RabbitMqUri);

        // With no generation worker the session waits in Generating, so only the malformed reply can move it.
        cluster.Kill(ServiceHost.Generation);
        try
        {
            var session = await api.SubmitAsync("A stack of 3 blocks", seed: 5, variants: 1);
            await api.WaitForStateAsync(session.SessionId, "Generating", TimeSpan.FromSeconds(60));

            // A ScenarioGenerated reply whose body cannot be deserialized (attempt is not a number, addresses missing).
            var body = Encoding.UTF8.GetBytes(
                $$$"""{"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:Benchgen.Contracts:ScenarioGenerated"],"message":{"sessionId":"{{{session.SessionId}}}","attempt":"first","variants":7}}""");
            await broker.PublishAsync("generation-session", body, new BasicProperties
            {
                ContentType = "application/vnd.masstransit+json",
                MessageId = Guid.NewGuid().ToString(),
                Persistent = true,
            });

            var failed = await api.WaitForStateAsync(session.SessionId, "Failed", TimeSpan.FromSeconds(60));
            Assert.Contains("error queue", failed.FailureReason);
            Assert.Contains("generation-session", failed.FailureReason);
            Assert.True(await broker.MessageCountAsync("generation-session_error") >= 1);
        }
        finally
        {
            if (!cluster.IsRunning(ServiceHost.Generation))
            {
                await cluster.StartAsync(ServiceHost.Generation);
            }
        }
    }
}

[Collection(DistributedClusterCollection.Name)]
public sealed class A_malformed_submission_naming_another_session(DistributedCluster cluster)
{
    [SkippableFact]
    public async Task Should_go_to_the_error_queue_without_failing_that_session()
    {
        cluster.EnsureAvailable();
        Skip.IfNot(cluster.RunsWithServiceUsers, "the broker has no Benchgen users (run tests/infra/start.sh)");
        var api = new IntakeApi(cluster.Api, cluster.Tails);
        var producer = new Broker(cluster.ProducerUri);
        var admin = new Broker(cluster.RabbitMqUri);

        cluster.Kill(ServiceHost.Generation);
        try
        {
            var victim = await api.SubmitAsync("A stack of 3 blocks", seed: 6, variants: 1);
            await api.WaitForStateAsync(victim.SessionId, "Generating", TimeSpan.FromSeconds(60));

            // A producer (who may publish SubmitPrompt) sends a submission that cannot be read, naming the victim.
            var marker = Guid.NewGuid().ToString("N");
            var body = Encoding.UTF8.GetBytes(
                $$$"""{"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:Benchgen.Contracts:SubmitPrompt"],"message":{"sessionId":"{{{victim.SessionId}}}","prompt":{"marker":"{{{marker}}}"},"seed":"x"}}""");
            await producer.PublishAsync("Benchgen.Contracts:SubmitPrompt", body, new BasicProperties
            {
                ContentType = "application/vnd.masstransit+json",
                MessageId = marker,
                CorrelationId = victim.SessionId.ToString(),
                Persistent = true,
            });

            TakenMessage? dead = null;
            var deadline = DateTime.UtcNow.AddSeconds(45);
            while (dead is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                dead = await admin.TakeAsync("generation-session_error", m => m.Properties.MessageId == marker);
            }

            Assert.True(dead is not null, $"the malformed submission did not reach generation-session_error\n{cluster.Tails()}");
            await Task.Delay(2000);
            var session = await api.WaitForStateAsync(victim.SessionId, "Generating", TimeSpan.FromSeconds(5));
            Assert.Null(session.FailureReason);
        }
        finally
        {
            if (!cluster.IsRunning(ServiceHost.Generation))
            {
                await cluster.StartAsync(ServiceHost.Generation);
            }
        }
    }
}
