using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Mongo;
using Benchgen.Hosting.S3;
using MassTransit;
using MongoDB.Driver;

namespace Benchgen.Hosting.Faults;

/// <summary>
/// Tells a failure that may heal by waiting (an unreachable or overloaded S3 endpoint, a broker that is down, a MongoDB
/// server that cannot be selected or is electing a primary) from one that will not (a missing or refused claim check, a
/// denied request, a bug). Transient failures are retried over minutes (<see cref="MessagingOptions"/>); permanent ones
/// fail at once or after the short retry.
/// </summary>
public static class TransientFaults
{
    static readonly HashSet<string> TransientS3Codes = new(StringComparer.Ordinal)
    {
        "SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "RequestTimeTooSkewed", "Throttling",
        "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
    };

    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Permanent whatever they wrap.
                case ClaimCheckNotFoundException or ClaimCheckRefusedException or ClaimCheckEscapeException:
                case OperationCanceledException when e is not TaskCanceledException { InnerException: TimeoutException }:
                    return false;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient);
                case S3EndpointUnreachableException or MongoUnreachableException:
                    return true;
                case AmazonServiceException service when service.StatusCode != 0:
                    return IsTransientStatus(service.StatusCode) || (service.ErrorCode is { } code && TransientS3Codes.Contains(code));
                case MongoWriteException write:
                    return write.WriteError?.Category != ServerErrorCategory.DuplicateKey
                           && (write.HasErrorLabel("RetryableWriteError") || write.HasErrorLabel("TransientTransactionError"));
                // Server selection that times out throws TimeoutException (below).
                case MongoConnectionException or MongoNotPrimaryException or MongoNodeIsRecoveringException or MongoWaitQueueFullException
                    or MongoExecutionTimeoutException:
                    return true;
                case MongoException mongo when mongo.HasErrorLabel("RetryableWriteError") || mongo.HasErrorLabel("TransientTransactionError"):
                    return true;
                // The broker: MassTransit's connection/transport exceptions and the RabbitMQ client's own.
                case ConnectionException or TransportUnavailableException:
                case RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AlreadyClosedException
                    or RabbitMQ.Client.Exceptions.ConnectFailureException or RabbitMQ.Client.Exceptions.OperationInterruptedException:
                    return true;
                case HttpRequestException http:
                    return http.StatusCode is null || IsTransientStatus(http.StatusCode.Value);
                case SocketException or TimeoutException:
                    return true;
            }
        }

        return false;
    }

    static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>A short description for logs: "S3EndpointUnreachableException: …" of the outermost exception.</summary>
    public static string Describe(Exception exception) =>
        $"{exception.GetType().Name}: {exception.GetBaseException().Message}";
}
