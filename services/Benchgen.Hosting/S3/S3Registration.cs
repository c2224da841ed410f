using Amazon.S3;
using Benchgen.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Benchgen.Hosting.S3;

public static class S3Registration
{
    /// <summary>The one S3 client of a process, and bucket creation at start-up. Call only when <c>S3:ServiceUrl</c> is set.</summary>
    public static IServiceCollection AddBenchgenS3(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.TryAddSingleton(sp => new S3BucketInitializer(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, S3BucketStartup>());
        return services;
    }
}

/// <summary>Creates missing buckets before the bus starts taking messages (registered ahead of MassTransit's host).</summary>
public sealed class S3BucketStartup(S3BucketInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureBucketsAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
