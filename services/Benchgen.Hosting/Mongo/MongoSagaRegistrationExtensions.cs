using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Benchgen.Hosting.Mongo;

public static class MongoSagaRegistrationExtensions
{
    /// <summary>
    /// Stores this saga in MongoDB with Benchgen's repository (MassTransit.MongoDb is not obtainable here):
    /// <c>x.AddSagaStateMachine&lt;M, S&gt;().BenchgenMongoRepository(o =&gt; { o.ConnectionString = ...; o.CollectionName = ...; })</c>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> BenchgenMongoRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<MongoSagaOptions> configure)
        where TSaga : class, ISagaVersion
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MongoSagaOptions();
        configure(options);
        options.Validate(typeof(TSaga));
        configurator.Repository(services => services.AddMongoSagaRepository<TSaga>(options));
        return configurator;
    }

    public static ISagaRegistrationConfigurator<TSaga> BenchgenMongoRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator,
        string connectionString, string database, string collection, Action<MongoSagaOptions>? configure = null)
        where TSaga : class, ISagaVersion =>
        configurator.BenchgenMongoRepository(o =>
        {
            o.ConnectionString = connectionString;
            o.DatabaseName = database;
            o.CollectionName = collection;
            configure?.Invoke(o);
        });

    /// <summary>
    /// Registers the MongoDB saga store and MassTransit's consume/query/load repositories for <typeparamref name="TSaga"/>.
    /// Call it on the service collection given by <c>ISagaRegistrationConfigurator.Repository</c> (what
    /// <see cref="BenchgenMongoRepository{TSaga}(ISagaRegistrationConfigurator{TSaga}, Action{MongoSagaOptions})"/> does);
    /// calling it on the root collection also registers the repositories, but MassTransit's saga registration then
    /// adds its in-memory default on top.
    /// </summary>
    public static IServiceCollection AddMongoSagaRepository<TSaga>(this IServiceCollection services, MongoSagaOptions options)
        where TSaga : class, ISagaVersion
    {
        ArgumentNullException.ThrowIfNull(services);
        options.Validate(typeof(TSaga));
        services.AddMongoSagaCollection<TSaga>(options);
        services.RegisterLoadSagaRepository<TSaga, MongoSagaRepositoryContextFactory<TSaga>>();
        services.RegisterQuerySagaRepository<TSaga, MongoSagaRepositoryContextFactory<TSaga>>();
        services.RegisterSagaRepository<TSaga, MongoSagaCollection<TSaga>, SagaConsumeContextFactory<MongoSagaCollection<TSaga>, TSaga>,
            MongoSagaRepositoryContextFactory<TSaga>>();
        return services;
    }

    public static IServiceCollection AddMongoSagaRepository<TSaga>(this IServiceCollection services, string connectionString, string database, string collection,
        Action<MongoSagaOptions>? configure = null)
        where TSaga : class, ISagaVersion
    {
        var options = new MongoSagaOptions { ConnectionString = connectionString, DatabaseName = database, CollectionName = collection };
        configure?.Invoke(options);
        return services.AddMongoSagaRepository<TSaga>(options);
    }

    /// <summary>Only the collection (for read-side queries) and its start-up index creation, without MassTransit repositories.</summary>
    public static IServiceCollection AddMongoSagaCollection<TSaga>(this IServiceCollection services, MongoSagaOptions options)
        where TSaga : class, ISagaVersion
    {
        services.TryAddSingleton(_ => new MongoSagaCollection<TSaga>(options));
        services.TryAddSingleton(sp => sp.GetRequiredService<MongoSagaCollection<TSaga>>().Collection);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MongoSagaIndexInitializer<TSaga>>());
        return services;
    }
}

/// <summary>Creates the saga collection's indexes when the host starts; a missing server fails start-up with a clear message.</summary>
public sealed class MongoSagaIndexInitializer<TSaga>(MongoSagaCollection<TSaga> store) : IHostedService
    where TSaga : class, ISagaVersion
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
