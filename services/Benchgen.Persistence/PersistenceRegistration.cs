using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence.Embedded;
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
        services.AddSingleton<IArtifactStore, DirectoryArtifactStore>();
        return services.AddAssetCatalogue(configuration);
    }

    /// <summary>The catalogue alone, for readers such as the intake API.</summary>
    public static IServiceCollection AddAssetCatalogue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBenchgenStorageOptions(configuration);
        services.AddSingleton<IAssetCatalogue, FileAssetCatalogue>();
        return services;
    }

    public static void AddPersistenceConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<PersistAssetConsumer>();
}
