using MassTransit;
using MassTransit.Configuration;
using MassTransit.Context;
using MassTransit.Logging;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Benchgen.Hosting.Sagas;

/// <summary>Saga persistence for one consumed message against a <see cref="FileSagaStore{TSaga}"/> (same rules as the MongoDB repository).</summary>
public sealed class FileSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    readonly FileSagaStore<TSaga> store;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<FileSagaStore<TSaga>, TSaga> factory;

    public FileSagaRepositoryContext(FileSagaStore<TSaga> store, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<FileSagaStore<TSaga>, TSaga> factory)
        : base(consumeContext)
    {
        this.store = store;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, context, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>Insert-first: an existing instance (and only that) means "load it instead" (null).</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        if (!store.TryInsert(instance))
            return null!;
        consumeContext.LogInsert<TSaga, TMessage>(instance.CorrelationId);
        return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId) =>
        await store.LoadAsync(correlationId, CancellationToken).ConfigureAwait(false) is { } instance
            ? await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Load).ConfigureAwait(false)
            : null!;

    public Task Save(SagaConsumeContext<TSaga> context)
    {
        store.Insert(context.Saga);
        return Task.CompletedTask;
    }

    public Task Update(SagaConsumeContext<TSaga> context)
    {
        store.Update(context.Saga);
        return Task.CompletedTask;
    }

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        store.Delete(context.Saga);
        return Task.CompletedTask;
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}

/// <summary>Query and load outside a consume.</summary>
public sealed class FileSagaLookupContext<TSaga>(FileSagaStore<TSaga> store, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), QuerySagaRepositoryContext<TSaga>, LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId) => (await store.LoadAsync(correlationId, CancellationToken).ConfigureAwait(false))!;

    public Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken) =>
        Task.FromResult<SagaRepositoryQueryContext<TSaga>>(new DefaultSagaRepositoryQueryContext<TSaga>(this, store.Query(query.GetFilter()).ToList()));
}

/// <summary>All three repository roles (consume, query, load) over a <see cref="FileSagaStore{TSaga}"/>.</summary>
public sealed class FileSagaRepositoryContextFactory<TSaga>(
    FileSagaStore<TSaga> store, ISagaConsumeContextFactory<FileSagaStore<TSaga>, TSaga> consumeContextFactory)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "file");
        context.Add("folder", store.Folder);
    }

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        next.Send(new FileSagaRepositoryContext<TSaga, T>(store, context, consumeContextFactory));

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        var repositoryContext = new FileSagaRepositoryContext<TSaga, T>(store, context, consumeContextFactory);
        var instances = store.Query(query.GetFilter()).Select(store.Load).OfType<TSaga>().ToList();
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new FileSagaLookupContext<TSaga>(store, cancellationToken));

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new FileSagaLookupContext<TSaga>(store, cancellationToken));
}

public static class FileSagaRegistrationExtensions
{
    /// <summary>Stores this saga as JSON files under <paramref name="folder"/> (survives a restart; one process per folder).</summary>
    public static ISagaRegistrationConfigurator<TSaga> BenchgenFileRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator, string folder)
        where TSaga : class, ISagaVersion
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        configurator.Repository(services => services.AddFileSagaRepository<TSaga>(folder));
        return configurator;
    }

    public static IServiceCollection AddFileSagaRepository<TSaga>(this IServiceCollection services, string folder)
        where TSaga : class, ISagaVersion
    {
        services.TryAddSingleton(sp => new FileSagaStore<TSaga>(folder, sp.GetService<ILoggerFactory>()?.CreateLogger("Benchgen.Sagas")));
        services.RegisterLoadSagaRepository<TSaga, FileSagaRepositoryContextFactory<TSaga>>();
        services.RegisterQuerySagaRepository<TSaga, FileSagaRepositoryContextFactory<TSaga>>();
        services.RegisterSagaRepository<TSaga, FileSagaStore<TSaga>, SagaConsumeContextFactory<FileSagaStore<TSaga>, TSaga>,
            FileSagaRepositoryContextFactory<TSaga>>();
        return services;
    }
}
