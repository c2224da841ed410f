using System.Text;
using Benchgen.Cli;
using Benchgen.TestSupport;
using RabbitMQ.Client;
using Xunit;

namespace Benchgen.Distributed.Tests;

/// <summary><c>benchgen errors list|show|redrive</c> against a real broker, on queues of this test's own.</summary>
public sealed class Listing_showing_and_redriving_error_queues(RabbitMqEndpoint rabbit) : IClassFixture<RabbitMqEndpoint>
{
    readonly string queue = $"bgt-errors-{Guid.NewGuid():N}"[..30];

    async Task<(string Session, string Body)[]> FaultTwoMessagesAsync(Broker broker)
    {
        var sent = new[] { Guid.NewGuid(), Guid.NewGuid() }
            .Select(s => (Session: s.ToString(), Body: $"{{\"messageType\":[\"urn:message:Benchgen.Contracts:PersistAsset\"],\"message\":{{\"sessionId\":\"{s}\"}}}}"))
            .ToArray();
        await broker.WithChannelAsync(async channel =>
        {
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
            await channel.QueueDeclareAsync(queue + ErrorQueues.Suffix, durable: false, exclusive: false, autoDelete: false);
            foreach (var (session, body) in sent)
            {
                var properties = new BasicProperties
                {
                    MessageId = Guid.NewGuid().ToString(),
                    Headers = new Dictionary<string, object?>
                    {
                        ["MT-Fault-ExceptionType"] = "Benchgen.Hosting.S3.S3EndpointUnreachableException",
                        ["MT-Fault-Message"] = "S3 endpoint http://127.0.0.1:9 could not be reached",
                    },
                };
                await channel.BasicPublishAsync("", queue + ErrorQueues.Suffix, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
            }

            return true;
        });
        return sent;
    }

    Task DeleteQueuesAsync(Broker broker) => broker.WithChannelAsync(async channel =>
    {
        await channel.QueueDeleteAsync(queue);
        await channel.QueueDeleteAsync(queue + ErrorQueues.Suffix);
        return true;
    });

    [SkippableFact]
    public async Task Should_show_faulted_messages_with_their_session_and_reason_and_leave_them_there()
    {
        Skip.If(rabbit.SkipReason is not null, rabbit.SkipReason);
        var broker = new Broker(rabbit.Uri);
        var sent = await FaultTwoMessagesAsync(broker);
        try
        {
            var errors = new ErrorQueues(rabbit.Uri);
            var listed = await errors.ListAsync([queue + ErrorQueues.Suffix, "bgt-no-such-queue_error"], CancellationToken.None);
            var shown = await errors.ShowAsync(queue + ErrorQueues.Suffix, 10, CancellationToken.None);

            Assert.Equal((queue + ErrorQueues.Suffix, 2u), Assert.Single(listed)); // the missing queue is left out
            Assert.Equal(sent.Select(s => s.Session).Order(), shown.Select(m => m.SessionId.ToString()).Order());
            Assert.All(shown, m => Assert.Equal("Benchgen.Hosting.S3.S3EndpointUnreachableException", m.ExceptionType));
            Assert.All(shown, m => Assert.Contains("could not be reached", m.Reason, StringComparison.Ordinal));
            Assert.All(shown, m => Assert.Equal("urn:message:Benchgen.Contracts:PersistAsset", m.MessageType));
            Assert.Equal(2u, await broker.MessageCountAsync(queue + ErrorQueues.Suffix)); // show takes nothing away
        }
        finally
        {
            await DeleteQueuesAsync(broker);
        }
    }

    [SkippableFact]
    public async Task Should_redrive_every_message_to_its_queue_through_the_command_line()
    {
        Skip.If(rabbit.SkipReason is not null, rabbit.SkipReason);
        var broker = new Broker(rabbit.Uri);
        var sent = await FaultTwoMessagesAsync(broker);
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await BenchgenCommandLine.RunAsync(["errors", "redrive", queue + ErrorQueues.Suffix, "--broker", rabbit.Uri.ToString()], stdout, stderr);

            Assert.True(code == 0, stderr.ToString());
            Assert.Contains("redriven: 2 message(s)", stdout.ToString(), StringComparison.Ordinal);
            Assert.Equal(0u, await broker.MessageCountAsync(queue + ErrorQueues.Suffix));
            var bodies = await broker.WithChannelAsync(async channel =>
            {
                var found = new List<(string Body, bool FaultHeaders)>();
                while (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
                    found.Add((Encoding.UTF8.GetString(got.Body.Span), got.BasicProperties.Headers?.Keys.Any(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal)) == true));
                return found;
            });
            Assert.Equal(sent.Select(s => s.Body).Order(), bodies.Select(b => b.Body).Order());
            Assert.DoesNotContain(bodies, b => b.FaultHeaders);
        }
        finally
        {
            await DeleteQueuesAsync(broker);
        }
    }

    [Fact]
    public void Should_know_the_queues_the_services_declare()
    {
        // The names MassTransit gives Benchgen's endpoints (seen on the broker after the distributed specs ran).
        Assert.Equal(["generation-session", "generate-scenario", "plan-task", "review-scenario", "render-scenario", "persist-asset"],
            ErrorQueues.KnownQueues());
    }

    [Fact]
    public async Task Should_refuse_to_redrive_a_queue_that_is_not_an_error_queue()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BenchgenCommandLine.RunAsync(["errors", "redrive", "generate-scenario", "--broker", "amqp://guest:guest@127.0.0.1:1/"], stdout, stderr);

        Assert.NotEqual(0, code);
        Assert.Contains("not an error queue", stderr.ToString(), StringComparison.Ordinal);
    }
}
