using Benchgen.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchgen.Hosting.Messaging;

/// <summary>A claim-check backend that can delete what is older than a given time (the staging expiry).</summary>
public interface IExpiringClaimCheckBackend
{
    /// <summary>Deletes every claim written before <paramref name="cutoff"/>; returns how many were deleted.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

/// <summary>
/// Deletes claim checks older than <c>S3:StagingExpiryHours</c> (default 24; 0 keeps them) from the staging bucket or
/// the embedded <c>staging/</c> folder, every <c>S3:StagingSweepMinutes</c> (default 60). A claim lives only while its
/// session runs (stage deadlines are minutes), so anything a day old belongs to a session that ended. Runs in the
/// process that reads claims last (Persistence; embedded: the one process).
/// </summary>
public sealed class StagingSweeper(IServiceProvider services, IOptions<S3Options> options, ILogger<StagingSweeper> logger, TimeProvider? time = null)
    : BackgroundService
{
    readonly TimeProvider clock = time ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.StagingExpiryHours <= 0)
            return;
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.StagingSweepMinutes));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Staging sweep failed; next try in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One sweep: deletes claims older than the expiry; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var hours = options.Value.StagingExpiryHours;
        if (hours <= 0 || services.GetService<IClaimCheckBackend>() is not IExpiringClaimCheckBackend backend)
            return 0;
        var cutoff = clock.GetUtcNow() - TimeSpan.FromHours(hours);
        var deleted = await backend.DeleteOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
            logger.LogInformation("Staging sweep deleted {Count} claim check(s) written before {Cutoff:O}", deleted, cutoff);
        return deleted;
    }
}

public static class StagingSweeperRegistration
{
    public static IServiceCollection AddStagingSweeper(this IServiceCollection services)
    {
        services.AddSingleton<StagingSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<StagingSweeper>());
        return services;
    }
}
