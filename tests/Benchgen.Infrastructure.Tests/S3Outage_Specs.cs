using System.Collections.Concurrent;
using Benchgen.Hosting.Faults;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;
using Benchgen.TestSupport;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Benchgen.Infrastructure.Tests.Outage;

/// <summary>A consumer that reads one claim check, as Persistence and Rendering do.</summary>
public sealed record ReadClaim(Guid SessionId, Uri Address);

public sealed class ClaimReads
{
    public ConcurrentQueue<Exception> Failures { get; } = new();
    public TaskCompletionSource<byte[]> Read { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<Fault<ReadClaim>> Faulted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Attempts;
}

public sealed class ReadClaimConsumer(IClaimCheckStore store, ClaimReads reads) : IConsumer<ReadClaim>
{
    public async Task Consume(ConsumeContext<ReadClaim> context)
    {
        Interlocked.Increment(ref reads.Attempts);
        try
        {
            reads.Read.TrySetResult(await store.GetBytesAsync(context.Message.SessionId, context.Message.Address, context.CancellationToken));
        }
        catch (Exception ex)
        {
            reads.Failures.Enqueue(ex);
            throw;
        }
    }
}

public sealed class ReadClaimFaultConsumer(ClaimReads reads) : IConsumer<Fault<ReadClaim>>
{
    public Task Consume(ConsumeContext<Fault<ReadClaim>> context)
    {
        reads.Faulted.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class Riding_out_an_S3_outage : IDisposable
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    readonly S3rverProcess s3 = new();

    public void Dispose() => s3.Dispose();

    IHost Host(ClaimReads reads)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = s3.ServiceUrl,
            ["S3:AccessKey"] = S3rverProcess.AccessKey,
            ["S3:SecretKey"] = S3rverProcess.SecretKey,
            ["S3:SourceBucket"] = $"src-{suffix}",
            ["S3:AssetsBucket"] = $"assets-{suffix}",
            ["S3:StagingBucket"] = $"staging-{suffix}",
            // Quick transient retries so the test stays short; the mechanism is the production one.
            ["Messaging:TransientRetryLimit"] = "60",
            ["Messaging:TransientRetryMinSeconds"] = "0.2",
            ["Messaging:TransientRetryMaxSeconds"] = "0.5",
        });
        builder.Services.AddSingleton(reads);
        builder.Services.AddS3BucketStartup(builder.Configuration);
        builder.Services.AddBenchgenMessaging(builder.Configuration, bus =>
        {
            bus.AddConsumer<ReadClaimConsumer>();
            bus.AddConsumer<ReadClaimFaultConsumer>();
        });
        return builder.Build();
    }

    [SkippableFact]
    public async Task Should_retry_a_claim_read_while_S3_is_down_and_succeed_once_it_is_back()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        s3.Start();
        var reads = new ClaimReads();
        using var host = Host(reads);
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IClaimCheckStore>();
            var session = Guid.NewGuid();
            var content = new byte[] { 4, 8, 15, 16, 23, 42 };
            var address = await store.PutBytesAsync(session, content);

            s3.Stop(); // the outage begins
            await host.Services.GetRequiredService<IBus>().Publish(new ReadClaim(session, address));
            using (var wait = new CancellationTokenSource(Bound))
            {
                while (Volatile.Read(ref reads.Attempts) < 3)
                    await Task.Delay(100, wait.Token);
            }

            Assert.False(reads.Read.Task.IsCompleted);
            Assert.False(reads.Faulted.Task.IsCompleted, "an unreachable S3 must not fault the message while retries remain");
            Assert.All(reads.Failures, f => Assert.IsType<S3EndpointUnreachableException>(f));

            s3.Start(); // the outage ends: same port, same objects
            var back = await reads.Read.Task.WaitAsync(Bound);

            Assert.Equal(content, back);
            Assert.False(reads.Faulted.Task.IsCompleted);
            Assert.DoesNotContain(reads.Failures, f => f is ClaimCheckNotFoundException);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [SkippableFact]
    public async Task Should_fault_a_missing_claim_at_once_without_the_long_retry()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        s3.Start();
        var reads = new ClaimReads();
        using var host = Host(reads);
        await host.StartAsync();
        try
        {
            var session = Guid.NewGuid();
            var store = (ClaimCheckStore)host.Services.GetRequiredService<IClaimCheckStore>();
            // A well-signed address whose object is gone (expired or lost): the read must not be retried for minutes.
            var address = await store.PutBytesAsync(session, [1]);
            var backend = (S3ClaimCheckBackend)store.Backend;
            await host.Services.GetRequiredService<Amazon.S3.IAmazonS3>().DeleteObjectAsync(backend.Bucket, store.Confine(session, address));

            await host.Services.GetRequiredService<IBus>().Publish(new ReadClaim(session, address));
            var fault = await reads.Faulted.Task.WaitAsync(Bound);

            Assert.Equal(1, Volatile.Read(ref reads.Attempts));
            Assert.Contains(fault.Exceptions, e => e.ExceptionType.Contains(nameof(ClaimCheckNotFoundException), StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
