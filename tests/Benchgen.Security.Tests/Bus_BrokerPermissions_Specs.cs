using System.Text;
using Benchgen.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// Against the real local RabbitMQ with the users of scripts/rabbitmq-users.sh (tests/infra/start.sh creates them and
/// exports BENCHGEN_TEST_RABBITMQ_{ROLE}): a user publishing, binding or consuming what its role does not own is
/// refused by the broker itself. Nothing here hosts a consumer, so it cannot steal another test project's messages;
/// the few permitted publishes carry a session id no saga knows.
/// </summary>
public sealed class Bus_BrokerPermissions_Specs
{
    const string ForgedBody = """{"messageId":"00000000-0000-0000-0000-000000000001","messageType":["urn:message:Benchgen.Contracts:AssetPersisted"],"message":{"sessionId":"00000000-0000-0000-0000-00000000dead","benchmarkId":"bm-forged-by-attacker","urls":{"asset":"http://evil.example/payload"}}}""";

    static Uri User(string role)
    {
        Skip.If(RabbitMqEndpoint.RoleUri(role) is null,
            $"{RabbitMqEndpoint.Variable}_{role.ToUpperInvariant()} is not set: run tests/infra/start.sh (it creates the Benchgen RabbitMQ users) and source its env file");
        return RabbitMqEndpoint.RoleUri(role)!;
    }

    /// <summary>Runs <paramref name="attempt"/> on a fresh channel; the broker's close reason when it refused, null when it did not.</summary>
    static async Task<ShutdownEventArgs?> Attempt(Uri user, Func<IChannel, Task> attempt)
    {
        var factory = new ConnectionFactory { Uri = user, ClientProvidedName = "benchgen-security-tests" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await attempt(channel);
            // A refused publish closes the channel asynchronously: a round trip makes the refusal arrive.
            await channel.ExchangeDeclarePassiveAsync("amq.fanout");
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException)
        {
        }

        for (var i = 0; i < 50 && channel.IsOpen; i++)
            await Task.Delay(20);
        return channel.IsOpen ? null : channel.CloseReason;
    }

    static Task Publish(IChannel channel, string exchange, string routingKey = "") =>
        channel.BasicPublishAsync(exchange, routingKey, mandatory: false,
            new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() },
            Encoding.UTF8.GetBytes(ForgedBody)).AsTask();

    static void AssertRefused(ShutdownEventArgs? reason, string what)
    {
        Assert.True(reason is not null, $"{what}: the broker accepted it");
        Assert.Equal(403, reason!.ReplyCode);
        Assert.Contains("ACCESS_REFUSED", reason.ReplyText, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("producer", "Benchgen.Contracts:AssetPersisted")]
    [InlineData("producer", "Benchgen.Contracts:ScenarioGenerated")]
    [InlineData("producer", "Benchgen.Contracts:ScenarioReviewed")]
    [InlineData("producer", "Benchgen.Contracts:GenerateScenario")]
    [InlineData("producer", "Benchgen.Contracts:PersistAsset")]
    [InlineData("producer", "generation-session")]
    [InlineData("producer", "persist-asset")]
    [InlineData("producer", "MassTransit:Fault--Benchgen.Contracts:GenerateScenario--")]
    [InlineData("producer", "Benchgen.Contracts:SessionMessageFaulted")]
    [InlineData("rendering", "Benchgen.Contracts:AssetPersisted")]
    [InlineData("generation", "Benchgen.Contracts:AssetPersisted")]
    [InlineData("generation", "Benchgen.Contracts:ScenarioRendered")]
    [InlineData("persistence", "Benchgen.Contracts:ScenarioGenerated")]
    [InlineData("persistence", "Benchgen.Contracts:ScenarioReviewed")]
    [InlineData("rendering", "Benchgen.Contracts:PersistAsset")]
    [InlineData("intake", "Benchgen.Contracts:ScenarioGenerated")]
    [InlineData("intake", "Benchgen.Contracts:AssetPersisted")]
    public async Task A_user_publishing_a_message_its_role_does_not_own_is_refused_by_the_broker(string role, string exchange)
    {
        var reason = await Attempt(User(role), channel => Publish(channel, exchange));
        AssertRefused(reason, $"benchgen-{role} publishing to '{exchange}'");
    }

    [SkippableTheory]
    [InlineData("producer", "generation-session")]
    [InlineData("producer", "generate-scenario")]
    [InlineData("rendering", "persist-asset")]
    public async Task A_user_writing_straight_into_another_services_queue_through_the_default_exchange_is_refused(string role, string queue)
    {
        var reason = await Attempt(User(role), channel => Publish(channel, "", queue));
        AssertRefused(reason, $"benchgen-{role} publishing to queue '{queue}' via the default exchange");
    }

    [SkippableFact]
    public async Task A_producer_cannot_read_the_requests_and_their_nonces()
    {
        var producer = User("producer");

        // Binding a queue of its own (a name its role may declare) to the request exchange: READ on it is refused.
        var bind = await Attempt(producer, async channel =>
        {
            var queue = $"attacker_bus_{Guid.NewGuid():N}";
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true);
            await channel.ExchangeDeclareAsync("Benchgen.Contracts:GenerateScenario", ExchangeType.Fanout, durable: true);
        });
        AssertRefused(bind, "benchgen-producer declaring the GenerateScenario exchange");

        var bindQueue = await Attempt(producer, async channel =>
        {
            var queue = $"attacker_bus_{Guid.NewGuid():N}";
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true);
            await channel.QueueBindAsync(queue, "Benchgen.Contracts:PersistAsset", "");
        });
        AssertRefused(bindQueue, "benchgen-producer binding a queue to the PersistAsset exchange");

        var get = await Attempt(producer, channel => channel.BasicGetAsync("generate-scenario", autoAck: false));
        AssertRefused(get, "benchgen-producer reading the generate-scenario queue");
    }

    [SkippableFact]
    public async Task Each_role_may_still_do_its_own_job()
    {
        // Control: the same helper reports no refusal for what the role owns (a reply for a session nobody has).
        var persistence = await Attempt(User("persistence"), async channel =>
        {
            await channel.ExchangeDeclareAsync("Benchgen.Contracts:AssetPersisted", ExchangeType.Fanout, durable: true);
            await Publish(channel, "Benchgen.Contracts:AssetPersisted");
        });
        Assert.Null(persistence);

        var producer = await Attempt(User("producer"), async channel =>
        {
            await channel.ExchangeDeclareAsync("Benchgen.Contracts:GetSessionStatus", ExchangeType.Fanout, durable: true);
            await Publish(channel, "Benchgen.Contracts:GetSessionStatus");
        });
        Assert.Null(producer);
    }
}
