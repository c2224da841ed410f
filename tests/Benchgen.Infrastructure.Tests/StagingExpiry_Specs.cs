using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;
using Benchgen.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

/// <summary>A clock that says what the test wants.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class Expiring_staged_claim_checks : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("benchgen-staging-").FullName;
    readonly S3rverProcess s3 = new();

    public void Dispose()
    {
        s3.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    static StagingSweeper Sweeper(IClaimCheckBackend backend, TimeProvider time, int expiryHours = 24) =>
        new(new ServiceCollection().AddSingleton(backend).BuildServiceProvider(),
            Options.Create(new S3Options { StagingExpiryHours = expiryHours }), NullLogger<StagingSweeper>.Instance, time);

    [Fact]
    public async Task Should_delete_embedded_claims_older_than_the_expiry_and_keep_younger_ones()
    {
        var backend = new DirectoryClaimCheckBackend(folder);
        var store = new ClaimCheckStore(backend, ClaimCheckStore.RandomKey());
        var (old, young) = (Guid.NewGuid(), Guid.NewGuid());
        var written = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        var oldClaims = new[] { await store.PutBytesAsync(old, [1]), await store.PutBytesAsync(old, [2]) };
        var youngClaim = await store.PutBytesAsync(young, [3]);
        foreach (var claim in oldClaims)
            File.SetLastWriteTimeUtc(backend.PathOf(store.Confine(old, claim)), written);
        File.SetLastWriteTimeUtc(backend.PathOf(store.Confine(young, youngClaim)), written.AddHours(23));

        var deleted = await Sweeper(backend, new FixedTime(new DateTimeOffset(written.AddHours(24).AddMinutes(1)))).SweepOnceAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.False(Directory.Exists(Path.Combine(folder, "sessions", old.ToString("N"))), "the emptied session folder goes too");
        await Assert.ThrowsAsync<ClaimCheckNotFoundException>(() => store.GetBytesAsync(old, oldClaims[0]));
        Assert.Equal([3], await store.GetBytesAsync(young, youngClaim));
    }

    [Fact]
    public async Task Should_keep_everything_when_the_expiry_is_zero()
    {
        var backend = new DirectoryClaimCheckBackend(folder);
        var store = new ClaimCheckStore(backend, ClaimCheckStore.RandomKey());
        var session = Guid.NewGuid();
        var claim = await store.PutBytesAsync(session, [1]);

        var deleted = await Sweeper(backend, new FixedTime(DateTimeOffset.UtcNow.AddYears(1)), expiryHours: 0).SweepOnceAsync(CancellationToken.None);

        Assert.Equal(0, deleted);
        Assert.Equal([1], await store.GetBytesAsync(session, claim));
    }

    [SkippableFact]
    public async Task Should_delete_staging_bucket_claims_older_than_the_expiry()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        s3.Start();
        var options = new S3Options
        {
            ServiceUrl = s3.ServiceUrl, AccessKey = S3rverProcess.AccessKey, SecretKey = S3rverProcess.SecretKey,
            StagingBucket = "staging-" + Guid.NewGuid().ToString("N")[..10],
        };
        using var client = S3ClientFactory.Create(options);
        await new S3BucketInitializer(client, options).EnsureBucketsAsync([options.StagingBucket]);
        var backend = new S3ClaimCheckBackend(client, options);
        var store = new ClaimCheckStore(backend, ClaimCheckStore.RandomKey());
        var session = Guid.NewGuid();
        var claim = await store.PutBytesAsync(session, [7, 7]);
        var now = DateTimeOffset.UtcNow;

        var early = await Sweeper(backend, new FixedTime(now.AddHours(1))).SweepOnceAsync(CancellationToken.None);
        Assert.Equal(0, early);
        Assert.Equal([7, 7], await store.GetBytesAsync(session, claim));

        var late = await Sweeper(backend, new FixedTime(now.AddHours(25))).SweepOnceAsync(CancellationToken.None);
        Assert.Equal(1, late);
        await Assert.ThrowsAsync<ClaimCheckNotFoundException>(() => store.GetBytesAsync(session, claim));
    }
}
