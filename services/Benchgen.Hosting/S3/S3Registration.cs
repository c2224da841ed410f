using Amazon.S3;
using Benchgen.Hosting.Faults;
using Benchgen.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Benchgen.Hosting.S3;

/// <summary>Which buckets a service writes, so only writers create them at start-up.</summary>
[Flags]
public enum S3Buckets
{
    None = 0,
    /// <summary>The staging bucket (claim checks): Generation and Rendering write it, Persistence reads it.</summary>
    Staging = 1,
    /// <summary>The source and assets buckets: Persistence writes them.</summary>
    Artifacts = 2,
}

public static class S3Registration
{
    /// <summary>
    /// The one S3 client of a process. Call only when <c>S3:ServiceUrl</c> is set. Creates no bucket: a service that
    /// writes S3 adds <see cref="AddS3BucketStartup"/> for the buckets it writes.
    /// </summary>
    public static IServiceCollection AddBenchgenS3(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.TryAddSingleton(sp => new S3BucketInitializer(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<IOptions<S3Options>>().Value));
        return services;
    }

    /// <summary>
    /// For services that write S3: at start-up, before the bus takes messages, wait for S3 (retrying with a logged,
    /// doubling back-off up to <c>S3:StartupWaitSeconds</c>) and create the given buckets when missing. A no-op
    /// without <c>S3:ServiceUrl</c>. Register it before <c>AddBenchgenMessaging</c> (hosted services start in order).
    /// </summary>
    public static IServiceCollection AddS3BucketStartup(this IServiceCollection services, IConfiguration configuration,
        S3Buckets buckets = S3Buckets.Staging | S3Buckets.Artifacts)
    {
        services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.Section));
        if (configuration.GetSection(S3Options.Section).Get<S3Options>() is not { Enabled: true })
            return services;
        services.AddBenchgenS3();
        services.AddSingleton(new S3BucketRequirement(buckets));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, S3BucketStartup>());
        return services;
    }
}

/// <summary>One service's buckets (several may be registered in one process; their union is created).</summary>
public sealed record S3BucketRequirement(S3Buckets Buckets);

/// <summary>
/// Waits for S3 and creates missing buckets before the bus starts taking messages. S3 that is not up yet (refused,
/// timing out, 5xx) is retried with a doubling wait (1 s … <c>S3:StartupRetryMaxSeconds</c>), each attempt logged;
/// a permanent error (denied, bad name) or S3 still down after <c>S3:StartupWaitSeconds</c> stops the host.
/// </summary>
public sealed class S3BucketStartup(
    S3BucketInitializer initializer, IEnumerable<S3BucketRequirement> requirements, IOptions<S3Options> options,
    ILogger<S3BucketStartup>? logger = null, TimeProvider? time = null) : IHostedService
{
    readonly ILogger log = (ILogger?)logger ?? NullLogger.Instance;
    readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Attempts made so far (for tests and the health page).</summary>
    public int Attempts { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var wanted = requirements.Aggregate(S3Buckets.None, (all, r) => all | r.Buckets);
        var buckets = new List<string>();
        if (wanted.HasFlag(S3Buckets.Artifacts))
            buckets.AddRange([o.SourceBucket, o.AssetsBucket]);
        if (wanted.HasFlag(S3Buckets.Staging))
            buckets.Add(o.StagingBucket);
        if (buckets.Count == 0)
            return;

        var started = clock.GetUtcNow();
        var limit = TimeSpan.FromSeconds(Math.Max(0, o.StartupWaitSeconds));
        var delay = TimeSpan.FromSeconds(1);
        var cap = TimeSpan.FromSeconds(Math.Max(1, o.StartupRetryMaxSeconds));
        while (true)
        {
            Attempts++;
            try
            {
                var created = await initializer.EnsureBucketsAsync(buckets, cancellationToken).ConfigureAwait(false);
                if (Attempts > 1 || created.Count > 0)
                    log.LogInformation("S3 at {Endpoint} is up after {Attempts} attempt(s); created buckets: {Created}",
                        o.ServiceUrl, Attempts, created.Count == 0 ? "none" : string.Join(", ", created));
                return;
            }
            catch (Exception ex) when (TransientFaults.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var waited = clock.GetUtcNow() - started;
                if (waited >= limit)
                {
                    log.LogCritical("S3 at {Endpoint} still unreachable after {Waited:0} s (S3:StartupWaitSeconds = {Limit}); giving up",
                        o.ServiceUrl, waited.TotalSeconds, limit.TotalSeconds);
                    throw;
                }

                log.LogWarning("S3 at {Endpoint} not reachable yet (attempt {Attempt}: {Reason}); retrying in {Delay:0.#} s",
                    o.ServiceUrl, Attempts, TransientFaults.Describe(ex), delay.TotalSeconds);
                await Task.Delay(delay < limit - waited ? delay : limit - waited, clock, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(cap.Ticks, delay.Ticks * 2));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
