using System.Collections.Concurrent;
using Amazon.S3;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.S3;
using Benchgen.PromptIntake;
using Benchgen.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

/// <summary>Log lines of a host, for tests that check what was logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}

public sealed class Waiting_for_S3_at_start_up : IDisposable
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    readonly S3rverProcess s3 = new();
    readonly string suffix = Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => s3.Dispose();

    Dictionary<string, string?> Settings(string serviceUrl, int waitSeconds = 120) => new()
    {
        ["S3:ServiceUrl"] = serviceUrl,
        ["S3:AccessKey"] = S3rverProcess.AccessKey,
        ["S3:SecretKey"] = S3rverProcess.SecretKey,
        ["S3:SourceBucket"] = $"src-{suffix}",
        ["S3:AssetsBucket"] = $"assets-{suffix}",
        ["S3:StagingBucket"] = $"staging-{suffix}",
        ["S3:StartupWaitSeconds"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["S3:StartupRetryMaxSeconds"] = "1",
    };

    static IHost WriterHost(Dictionary<string, string?> settings, CapturedLogs logs, S3Buckets buckets)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddS3BucketStartup(builder.Configuration, buckets);
        return builder.Build();
    }

    [SkippableFact]
    public async Task Should_wait_with_a_logged_back_off_until_S3_is_up_then_create_only_its_own_buckets()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        var logs = new CapturedLogs();
        using var host = WriterHost(Settings(s3.ServiceUrl), logs, S3Buckets.Staging);
        var startup = host.Services.GetServices<IHostedService>().OfType<S3BucketStartup>().Single();

        var starting = host.StartAsync(); // S3 is not running yet
        using (var wait = new CancellationTokenSource(Bound))
        {
            while (startup.Attempts < 2)
                await Task.Delay(100, wait.Token);
        }

        Assert.False(starting.IsCompleted, "the host must wait for S3, not abort");
        Assert.Contains(logs.Lines, l => l.Contains("not reachable yet", StringComparison.Ordinal) && l.Contains(s3.ServiceUrl, StringComparison.Ordinal));

        s3.Start();
        await starting.WaitAsync(Bound);

        var buckets = (await host.Services.GetRequiredService<IAmazonS3>().ListBucketsAsync()).Buckets?.Select(b => b.BucketName).ToList() ?? [];
        Assert.Contains($"staging-{suffix}", buckets);
        Assert.DoesNotContain($"src-{suffix}", buckets); // a staging writer creates only the staging bucket
        Assert.DoesNotContain($"assets-{suffix}", buckets);
        await host.StopAsync();
    }

    [Fact]
    public async Task Should_give_up_after_the_configured_wait_naming_the_endpoint()
    {
        var port = S3rverProcess.FreePort();
        var logs = new CapturedLogs();
        using var host = WriterHost(Settings($"http://127.0.0.1:{port}", waitSeconds: 2), logs, S3Buckets.Staging | S3Buckets.Artifacts);

        var ex = await Assert.ThrowsAsync<S3EndpointUnreachableException>(() => host.StartAsync().WaitAsync(Bound));

        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("giving up", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_start_PromptIntake_without_S3_because_it_creates_no_bucket()
    {
        var settings = Settings($"http://127.0.0.1:{S3rverProcess.FreePort()}", waitSeconds: 1);
        settings["ClaimChecks:SigningKey"] = new string('k', 40);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPromptIntake(builder.Configuration);
        builder.Services.AddBenchgenMessaging(builder.Configuration, bus => bus.AddGenerationSessionSaga(builder.Configuration));
        using var host = builder.Build();

        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<S3BucketStartup>());
        await host.StartAsync().WaitAsync(Bound);
        await host.StopAsync().WaitAsync(Bound);
    }
}
