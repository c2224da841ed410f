using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.S3;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence.S3;
using Benchgen.TestSupport;
using MassTransit;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

public sealed class S3_storage_against_a_live_server(S3Endpoint s3) : IClassFixture<S3Endpoint>, IAsyncLifetime
{
    S3Options _options = null!;
    IAmazonS3 _client = null!;

    public async Task InitializeAsync()
    {
        if (s3.SkipReason is not null)
            return;
        // Fresh bucket names per test so "missing bucket" is really missing.
        var suffix = Guid.NewGuid().ToString("N")[..10];
        _options = new S3Options
        {
            ServiceUrl = s3.ServiceUrl,
            AccessKey = s3.AccessKey,
            SecretKey = s3.SecretKey,
            SourceBucket = $"src-{suffix}",
            AssetsBucket = $"assets-{suffix}",
            StagingBucket = $"staging-{suffix}",
        };
        _client = S3ClientFactory.Create(_options);
        await new S3BucketInitializer(_client, _options).EnsureBucketsAsync();
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Should_read_back_the_bytes_it_wrote_through_the_artifact_store()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var store = new S3ArtifactStore(_client, _options);
        var content = RandomBytes(300_000);

        var url = await store.PutAsync(_options.AssetsBucket, "bench-1/model.xml", content, "application/xml", CancellationToken.None);
        var back = await store.GetAsync(_options.AssetsBucket, "bench-1/model.xml", CancellationToken.None);

        Assert.NotNull(back);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(content)), Convert.ToHexString(SHA256.HashData(back)));
        Assert.Equal($"{_options.ServiceUrl!.TrimEnd('/')}/{_options.AssetsBucket}/bench-1/model.xml", url);
    }

    [SkippableFact]
    public async Task Should_return_null_for_an_artifact_that_does_not_exist()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var store = new S3ArtifactStore(_client, _options);

        Assert.Null(await store.GetAsync(_options.AssetsBucket, "nothing/here.xml", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Should_serve_the_same_bytes_from_a_presigned_url()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        _options.PresignMinutes = 10;
        var store = new S3ArtifactStore(_client, _options);
        var content = RandomBytes(10_000);

        var url = await store.PutAsync(_options.AssetsBucket, "bench-2/contact-sheet.png", content, "image/png", CancellationToken.None);

        Assert.Contains("X-Amz-Signature", url, StringComparison.Ordinal);
        using var http = new HttpClient();
        var served = await http.GetByteArrayAsync(url);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(served));
    }

    ClaimCheckStore Claims() => new(new S3ClaimCheckBackend(_client, _options), ClaimCheckStore.RandomKey());

    [SkippableFact]
    public async Task Should_read_back_a_claim_check_through_the_confined_store()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var store = Claims();
        var session = Guid.NewGuid();
        var content = RandomBytes(123_457);

        var address = await store.PutBytesAsync(session, content);
        var back = await store.GetBytesAsync(session, address);

        Assert.Equal("s3", address.Scheme);
        Assert.Equal(_options.StagingBucket, address.Host);
        Assert.StartsWith($"/sessions/{session:N}/", address.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(back));
    }

    [SkippableFact]
    public async Task Should_report_a_missing_claim_check_as_not_found()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var store = Claims();
        var session = Guid.NewGuid();
        var address = await store.PutBytesAsync(session, [1, 2, 3]);
        await _client.DeleteObjectAsync(_options.StagingBucket, address.AbsolutePath.TrimStart('/'));

        var ex = await Assert.ThrowsAsync<ClaimCheckNotFoundException>(() => store.GetBytesAsync(session, address));
        Assert.Contains("expired or never written", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Should_create_missing_buckets_once_and_then_leave_them()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var options = new S3Options
        {
            ServiceUrl = _options.ServiceUrl, AccessKey = _options.AccessKey, SecretKey = _options.SecretKey,
            SourceBucket = $"a-{suffix}", AssetsBucket = $"b-{suffix}", StagingBucket = $"c-{suffix}",
        };
        var initializer = new S3BucketInitializer(_client, options);

        var first = await initializer.EnsureBucketsAsync();
        var second = await initializer.EnsureBucketsAsync();

        Assert.Equal([options.SourceBucket, options.AssetsBucket, options.StagingBucket], first);
        Assert.Empty(second);
        var listed = (await _client.ListBucketsAsync()).Buckets.Select(b => b.BucketName).ToList();
        Assert.Contains(options.StagingBucket, listed);
    }

    static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}

public sealed class S3_client_configuration
{
    [Fact]
    public void Should_not_use_chunk_encoding_unless_configured()
    {
        // s3rver stores aws-chunked framing inside the object, so the default must stay off.
        Assert.False(new S3Options().UseChunkEncoding);
    }

    [Fact]
    public async Task Should_name_the_endpoint_when_it_cannot_be_reached()
    {
        var port = ClosedLoopbackPort();
        var options = new S3Options { ServiceUrl = $"http://127.0.0.1:{port}", AccessKey = "k", SecretKey = "s" };
        using var client = S3ClientFactory.Create(options);
        var store = new S3ArtifactStore(client, options);

        var ex = await Assert.ThrowsAsync<S3EndpointUnreachableException>(() =>
            store.PutAsync("benchmarks-assets", "x/model.xml", new byte[] { 1, 2, 3 }, "application/xml", CancellationToken.None));

        Assert.Contains($"http://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_name_the_endpoint_when_buckets_cannot_be_created()
    {
        var port = ClosedLoopbackPort();
        var options = new S3Options { ServiceUrl = $"http://127.0.0.1:{port}", AccessKey = "k", SecretKey = "s" };
        using var client = S3ClientFactory.Create(options);

        var ex = await Assert.ThrowsAsync<S3EndpointUnreachableException>(() => new S3BucketInitializer(client, options).EnsureBucketsAsync());

        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_anonymous_credentials()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => S3ClientFactory.Create(new S3Options { ServiceUrl = "http://127.0.0.1:9" }));
        Assert.Contains("AccessKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_the_key_of_its_own_staging_bucket_only()
    {
        var backend = new S3ClaimCheckBackend(null!, new S3Options { StagingBucket = "benchgen-staging" });

        Assert.Null(backend.KeyOf(new Uri("s3://benchgen-staging/sessions/abc/def"), out var key));
        Assert.Equal("sessions/abc/def", key);
        Assert.Contains("not the staging bucket", backend.KeyOf(new Uri("s3://private-other/secret.txt"), out _));
        Assert.Contains("scheme", backend.KeyOf(new Uri("file:///tmp/x"), out _));
        Assert.Contains("'..'", backend.KeyOf(new Uri("s3://benchgen-staging/sessions/../../x"), out _));
    }

    static int ClosedLoopbackPort()
    {
        // Bind then release: nothing listens there afterwards, so connections are refused at once.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
