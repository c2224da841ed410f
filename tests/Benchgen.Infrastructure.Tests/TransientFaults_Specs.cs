using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Benchgen.Hosting.Faults;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

public sealed class Telling_transient_from_permanent_failures
{
    static readonly Uri Address = new("urn:memory:sessions:x");

    [Fact]
    public void Should_call_an_unreachable_S3_endpoint_transient()
    {
        Assert.True(TransientFaults.IsTransient(new S3EndpointUnreachableException("http://127.0.0.1:9", new HttpRequestException("Connection refused"))));
        Assert.True(TransientFaults.IsTransient(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))));
    }

    [Fact]
    public void Should_call_an_overloaded_S3_transient_and_a_denied_request_permanent()
    {
        Assert.True(TransientFaults.IsTransient(new AmazonS3Exception("slow down") { StatusCode = HttpStatusCode.ServiceUnavailable, ErrorCode = "SlowDown" }));
        Assert.True(TransientFaults.IsTransient(new AmazonS3Exception("boom") { StatusCode = HttpStatusCode.InternalServerError }));
        Assert.False(TransientFaults.IsTransient(new AmazonS3Exception("denied") { StatusCode = HttpStatusCode.Forbidden, ErrorCode = "AccessDenied" }));
        Assert.False(TransientFaults.IsTransient(new AmazonS3Exception("no bucket") { StatusCode = HttpStatusCode.NotFound, ErrorCode = "NoSuchBucket" }));
    }

    [Fact]
    public void Should_call_missing_and_refused_claim_checks_permanent_whatever_they_wrap()
    {
        Assert.False(TransientFaults.IsTransient(new ClaimCheckNotFoundException(Address, "gone", new TimeoutException())));
        Assert.False(TransientFaults.IsTransient(new ClaimCheckRefusedException(Address, Guid.NewGuid(), "not yours")));
        Assert.False(TransientFaults.IsTransient(new InvalidDataException("hash mismatch")));
        Assert.False(TransientFaults.IsTransient(new OperationCanceledException()));
    }

    [Fact]
    public void Should_call_a_broker_that_is_down_transient()
    {
        Assert.True(TransientFaults.IsTransient(new RabbitMQ.Client.Exceptions.BrokerUnreachableException(new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(TransientFaults.IsTransient(new MassTransit.RabbitMqConnectionException("broker down")));
        Assert.True(TransientFaults.IsTransient(new TimeoutException("publish confirm not received")));
    }

    [Fact]
    public void Should_call_an_unreachable_MongoDB_transient_and_a_duplicate_key_permanent()
    {
        var connection = new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("127.0.0.1", 27017)));
        Assert.True(TransientFaults.IsTransient(new MongoConnectionException(connection, "connection reset")));
        Assert.True(TransientFaults.IsTransient(new TimeoutException("A timeout occurred after 10000ms selecting a server")));
        Assert.False(TransientFaults.IsTransient(DriverErrors.DuplicateKey()));
    }

    [Fact]
    public void Should_call_a_concurrency_conflict_permanent_for_the_long_retry()
    {
        // Concurrency conflicts get the short retry (fresh state is one read away), not minutes of back-off.
        Assert.False(TransientFaults.IsTransient(new ConcurrencyException("version 3 is not newer", typeof(object), Guid.NewGuid())));
    }

    [Fact]
    public void Should_double_the_transient_waits_up_to_the_cap()
    {
        var intervals = new MessagingOptions { TransientRetryLimit = 6, TransientRetryMinSeconds = 1, TransientRetryMaxSeconds = 10 }.TransientRetryIntervals();

        Assert.Equal([1, 2, 4, 8, 10, 10], intervals.Select(i => i.TotalSeconds));
        Assert.True(new MessagingOptions().TransientRetryIntervals().Sum(i => i.TotalSeconds) > 120, "the default must ride out an outage of minutes");
    }

    [Fact]
    public async Task Should_run_a_bus_with_the_transient_retry_turned_off()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:TransientRetryLimit"] = "0",
            ["Storage:DataDir"] = Path.Combine(Path.GetTempPath(), "benchgen-noretry-" + Guid.NewGuid().ToString("N")),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBenchgenMessaging(configuration, _ => { });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();

        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await bus.StopAsync(CancellationToken.None);
        Assert.Empty(new MessagingOptions { TransientRetryLimit = 0 }.TransientRetryIntervals());
    }
}
