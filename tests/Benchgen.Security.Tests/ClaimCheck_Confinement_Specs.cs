using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>File mode: the staging folder under a data directory, with a secret next to it and /etc around it.</summary>
public sealed class ClaimCheck_FileMode_Specs : IDisposable
{
    readonly string dataDir = Directory.CreateTempSubdirectory("benchgen-claims-").FullName;
    readonly ClaimCheckStore store;
    readonly DirectoryClaimCheckBackend backend;
    readonly Guid session = Guid.NewGuid();

    public ClaimCheck_FileMode_Specs()
    {
        backend = new DirectoryClaimCheckBackend(Path.Combine(dataDir, "staging"));
        store = new ClaimCheckStore(backend, ClaimCheckStore.RandomKey());
        File.WriteAllText(Path.Combine(dataDir, "secret.txt"), "the data directory's secret");
    }

    public void Dispose() => Directory.Delete(dataDir, recursive: true);

    [Theory]
    [InlineData("urn:file:..:..:etc:passwd", "'..'")]
    [InlineData("urn:file:..:..:..:..:..:..:..:..:etc:hostname", "'..'")]
    [InlineData("urn:file:..:secret.txt", "'..'")]
    [InlineData("urn:file::etc:passwd", "empty segment")]
    [InlineData("urn:file:%2e%2e:%2e%2e:etc:passwd", "'%'")]
    [InlineData("urn:file:sessions/../../secret.txt", "'/'")]
    [InlineData("file:///etc/passwd", "scheme 'file'")]
    [InlineData("s3://private-other/secret.txt", "scheme 's3'")]
    [InlineData("urn:file:etc:passwd", "not a claim-check key")]
    public async Task An_address_outside_the_staging_folder_is_refused_before_any_read(string address, string why)
    {
        var ex = await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => store.GetBytesAsync(session, new Uri(address)));
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused for session", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_claim_is_written_under_the_sessions_prefix_and_read_back_only_for_that_session()
    {
        var address = await store.PutTextAsync(session, "script");

        Assert.StartsWith($"urn:file:sessions:{session:N}:", address.OriginalString, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dataDir, "staging", "sessions", session.ToString("N"), address.OriginalString.Split(':')[^1])));
        Assert.Equal("script", await store.GetTextAsync(session, address));

        var other = await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => store.GetBytesAsync(Guid.NewGuid(), address));
        Assert.Contains($"belongs to session {session:N}", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_this_deployment_did_not_sign_is_refused_even_inside_the_sessions_prefix()
    {
        var genuine = await store.PutTextAsync(session, "script");
        var forged = new Uri(genuine.OriginalString[..^8] + "00000000");
        var otherDeployment = new ClaimCheckStore(backend, ClaimCheckStore.RandomKey());

        var ex = await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => store.GetBytesAsync(session, forged));
        Assert.Contains("not written by this deployment", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => otherDeployment.GetBytesAsync(session, genuine));
    }

    [Fact]
    public async Task A_symbolic_link_in_the_staging_folder_is_not_followed()
    {
        // Someone who can write the staging folder swaps a genuine claim (valid name and MAC) for a link to /etc/hostname,
        // and another session's directory for a link to the data directory.
        var genuine = await store.PutTextAsync(session, "model");
        var path = backend.PathOf(genuine.OriginalString["urn:file:".Length..].Replace(':', '/'));
        File.Delete(path);
        File.CreateSymbolicLink(path, "/etc/hostname");

        var ex = await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => store.GetBytesAsync(session, genuine));
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);

        var second = Guid.NewGuid();
        var claim = await store.PutTextAsync(second, "x");
        var sessionDir = Path.Combine(dataDir, "staging", "sessions", second.ToString("N"));
        var name = Path.GetFileName(backend.PathOf(claim.OriginalString["urn:file:".Length..].Replace(':', '/')));
        Directory.Delete(sessionDir, recursive: true);
        File.WriteAllText(Path.Combine(dataDir, name), "planted outside");
        Directory.CreateSymbolicLink(sessionDir, dataDir);
        var linked = await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => store.GetBytesAsync(second, claim));
        Assert.Contains("symbolic link", linked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_claim_is_a_permanent_not_found_naming_the_address()
    {
        var genuine = await store.PutTextAsync(session, "x");
        File.Delete(backend.PathOf(genuine.OriginalString["urn:file:".Length..].Replace(':', '/')));

        var ex = await Assert.ThrowsAsync<ClaimCheckNotFoundException>(() => store.GetBytesAsync(session, genuine));
        Assert.Contains(genuine.OriginalString, ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Persistence, the reader that copies claims into the public artifact store, given the attack's addresses.</summary>
public sealed class ClaimCheck_Persistence_Specs
{
    [Theory]
    [InlineData("urn:file:..:..:..:..:..:..:..:..:etc:passwd")]
    [InlineData("s3://private-other/secret.txt")]
    public async Task PersistAsset_with_a_hostile_claim_fails_with_the_refusal_and_stores_nothing(string hostile)
    {
        var dataDir = Directory.CreateTempSubdirectory("benchgen-persist-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dataDir })
                .Build();
            var services = new ServiceCollection().AddLogging();
            services.AddPersistence(configuration);
            services.AddClaimCheckStore(configuration);
            services.AddMassTransitTestHarness(x => x.AddPersistenceConsumers());
            await using var provider = services.BuildServiceProvider(true);
            var harness = provider.GetRequiredService<ITestHarness>();
            await harness.Start();
            var claims = provider.GetRequiredService<IClaimCheckStore>();

            var id = Guid.NewGuid();
            var nonce = Guid.NewGuid();
            Uri Claim(string text) => claims.PutTextAsync(id, text).GetAwaiter().GetResult();
            var request = new PersistAsset(id, BenchmarkIds.For(id), "A stack of 3 blocks", "stack", 1, null,
                new Uri(hostile), Claim("<mujoco/>"), [], Claim("zip"), Claim("png"), Claim("{}"), Claim("{}"), "passed", 0.3, nonce);
            await harness.Bus.Publish(request);

            Assert.True(await harness.Published.Any<PersistenceFailed>(x => x.Context.Message.SessionId == id));
            var failed = harness.Published.Select<PersistenceFailed>().Single(x => x.Context.Message.SessionId == id).Context.Message;
            Assert.Contains("refused", failed.Reason, StringComparison.Ordinal);
            Assert.Equal(nonce, failed.Nonce);
            Assert.False(await harness.Published.Any<AssetPersisted>(x => x.Context.Message.SessionId == id));
            Assert.False(Directory.Exists(Path.Combine(dataDir, "buckets", "benchmarks-source", BenchmarkIds.For(id))));
            await harness.Stop();
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task PersistAsset_for_another_sessions_benchmark_id_is_refused()
    {
        var dataDir = Directory.CreateTempSubdirectory("benchgen-persist-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dataDir })
                .Build();
            var services = new ServiceCollection().AddLogging();
            services.AddPersistence(configuration);
            services.AddClaimCheckStore(configuration);
            services.AddMassTransitTestHarness(x => x.AddPersistenceConsumers());
            await using var provider = services.BuildServiceProvider(true);
            var harness = provider.GetRequiredService<ITestHarness>();
            await harness.Start();
            var claims = provider.GetRequiredService<IClaimCheckStore>();

            var id = Guid.NewGuid();
            Uri Claim(string text) => claims.PutTextAsync(id, text).GetAwaiter().GetResult();
            await harness.Bus.Publish(new PersistAsset(id, "bm-forged-by-attacker", "p", "stack", 1, null,
                Claim("s"), Claim("m"), [], Claim("z"), Claim("p"), Claim("{}"), Claim("{}"), "passed", 0.3));

            Assert.True(await harness.Published.Any<PersistenceFailed>(x => x.Context.Message.SessionId == id));
            Assert.Contains("bm-forged-by-attacker", harness.Published.Select<PersistenceFailed>().Single().Context.Message.Reason, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dataDir, "buckets", "benchmarks-source", "bm-forged-by-attacker")));
            await harness.Stop();
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

/// <summary>S3 mode against a live S3 server: another bucket holds a secret the staging store must never read.</summary>
public sealed class ClaimCheck_S3Mode_Specs(S3Endpoint s3) : IClassFixture<S3Endpoint>
{
    [SkippableFact]
    public async Task Only_the_staging_bucket_is_read()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var options = new S3Options
        {
            ServiceUrl = s3.ServiceUrl, AccessKey = s3.AccessKey, SecretKey = s3.SecretKey,
            SourceBucket = $"src-{suffix}", AssetsBucket = $"assets-{suffix}", StagingBucket = $"staging-{suffix}",
        };
        using var client = S3ClientFactory.Create(options);
        await new S3BucketInitializer(client, options).EnsureBucketsAsync();
        var privateBucket = $"private-other-{suffix}";
        await client.PutBucketAsync(new PutBucketRequest { BucketName = privateBucket });
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = privateBucket, Key = "secret.txt", ContentBody = "the other bucket's secret", UseChunkEncoding = false,
        });
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.StagingBucket, Key = "secret.txt", ContentBody = "unsigned staging object", UseChunkEncoding = false,
        });

        var store = new ClaimCheckStore(new S3ClaimCheckBackend(client, options), ClaimCheckStore.RandomKey());
        var session = Guid.NewGuid();
        var genuine = await store.PutTextAsync(session, "script");
        Assert.Equal("script", await store.GetTextAsync(session, genuine));

        foreach (var (address, why) in new[]
                 {
                     ($"s3://{privateBucket}/secret.txt", "is not the staging bucket"),
                     ($"s3://{options.StagingBucket}/secret.txt", "not a claim-check key"),
                     ($"s3://{options.StagingBucket}/sessions/{session:N}/../../secret.txt", "'..'"),
                     ($"s3://{options.StagingBucket}/sessions/{session:N}/%2e%2e/secret.txt", "'%'"),
                     ($"https://{s3.ServiceUrl.Replace("http://", "")}/{privateBucket}/secret.txt", "scheme"),
                 })
        {
            var ex = await Assert.ThrowsAsync<ClaimCheckRefusedException>(() => store.GetBytesAsync(session, new Uri(address)));
            Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        }
    }
}
