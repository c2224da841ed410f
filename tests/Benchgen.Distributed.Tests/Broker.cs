using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Benchgen.Distributed.Tests;

/// <summary>Plain AMQP access to the broker the cluster uses, below MassTransit: queue depths, raw publishes, basic.get.</summary>
public sealed class Broker(Uri uri)
{
    public async Task<T> WithChannelAsync<T>(Func<IChannel, Task<T>> action)
    {
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "benchgen-distributed-tests" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await action(channel);
    }

    /// <summary>Ready messages in an existing queue (passive declare: never creates it).</summary>
    public Task<uint> MessageCountAsync(string queue) =>
        WithChannelAsync(async channel =>
        {
            try
            {
                return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
            }
            catch (OperationInterruptedException ex)
            {
                throw new InvalidOperationException($"Queue '{queue}' does not exist on {uri.Host}:{uri.Port}: {ex.Message}", ex);
            }
        });

    public Task PublishAsync(string exchange, byte[] body, BasicProperties properties) =>
        WithChannelAsync(async channel =>
        {
            await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, body);
            return true;
        });

    /// <summary>
    /// Looks through up to <paramref name="limit"/> ready messages of a queue for one matching <paramref name="match"/>;
    /// takes that one off the queue (ack) and leaves every other message where it was (unacked, requeued on close).
    /// A queue that does not exist yet (MassTransit declares an _error queue with its first faulted message) has no match.
    /// </summary>
    public Task<TakenMessage?> TakeAsync(string queue, Func<TakenMessage, bool> match, int limit = 1000) =>
        WithChannelAsync(async channel =>
        {
            try
            {
                await channel.QueueDeclarePassiveAsync(queue);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                return (TakenMessage?)null;
            }

            for (var i = 0; i < limit; i++)
            {
                var message = await channel.BasicGetAsync(queue, autoAck: false);
                if (message is null)
                {
                    return (TakenMessage?)null;
                }

                // The body buffer belongs to the client library; keep a copy.
                var taken = new TakenMessage(message.Body.ToArray(), message.BasicProperties);
                if (match(taken))
                {
                    await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
                    return taken;
                }
            }

            return null;
        });
}

public sealed record TakenMessage(byte[] Body, IReadOnlyBasicProperties Properties)
{
    public string? Header(string name) => Properties.Headers is { } headers && headers.TryGetValue(name, out var value)
        ? value switch { byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
        : null;
}
