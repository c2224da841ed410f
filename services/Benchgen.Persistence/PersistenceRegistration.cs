using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Storage;
using Amazon.S3;
using Benchgen.Hosting.Mongo;
using Benchgen.Hosting.S3;
using Benchgen.Persistence.Embedded;
using Benchgen.Persistence.Mongo;
using Benchgen.Persistence.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Artifact store: S3 when <c>S3:ServiceUrl</c> is set, else a directory under <c>Storage:DataDir</c>.
    /// Catalogue: MongoDB when <c>ConnectionStrings:Mongo</c> is set, else JSON files under the data directory.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBenchgenStorageOptions(configuration);
        if (configuration.GetSection(S3Options.Section).Get<S3Options>() is { Enabled: true })
        {
            // Persistence writes the source and assets buckets (and reads staging): it waits for S3 and creates them.
            services.AddS3BucketStartup(configuration, S3Buckets.Artifacts | S3Buckets.Staging);
            services.AddSingleton<IArtifactStore>(sp => new S3ArtifactStore(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<IOptions<S3Options>>().Value));
        }
        else
        {
            services.AddSingleton<IArtifactStore, DirectoryArtifactStore>();
        }

        // Persistence reads claim checks last: it also deletes those past S3:StagingExpiryHours (bucket or staging/ folder).
        services.AddStagingSweeper();
        return services.AddAssetCatalogue(configuration);
    }

    /// <summary>The catalogue alone, for readers such as the intake API.</summary>
    public static IServiceCollection AddAssetCatalogue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBenchgenStorageOptions(configuration);
        services.AddOptions<Curation.CurationOptions>().Bind(configuration.GetSection(Curation.CurationOptions.Section));
        services.TryAddSingleton(sp => new Curation.Curator(sp.GetRequiredService<IAssetCatalogue>(), sp.GetService<TimeProvider>()));
        var mongo = configuration.GetConnectionString(MongoDatabases.ConnectionName);
        if (string.IsNullOrWhiteSpace(mongo))
        {
            services.TryAddSingleton<IAssetCatalogue, FileAssetCatalogue>();
            return services;
        }

        services.TryAddSingleton(sp => new MongoAssetCatalogue(MongoDatabases.Open(mongo)));
        services.TryAddSingleton<IAssetCatalogue>(sp => sp.GetRequiredService<MongoAssetCatalogue>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CatalogueIndexStartup>());
        return services;
    }

    public static void AddPersistenceConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<PersistAssetConsumer>();
}

/// <summary>Creates the catalogue's indexes at start-up (idempotent).</summary>
public sealed class CatalogueIndexStartup(MongoAssetCatalogue catalogue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => catalogue.EnsureIndexesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
