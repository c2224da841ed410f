using MassTransit;
using MassTransit.Context;
using MassTransit.Logging;
using MassTransit.Middleware;
using MassTransit.Saga;
using MongoDB.Driver;

namespace Benchgen.Hosting.Mongo;

/// <summary>Saga persistence for one consumed message. No locks: concurrent writers are detected by <see cref="ISagaVersion.Version"/>.</summary>
public sealed class MongoSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    readonly MongoSagaCollection<TSaga> store;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<MongoSagaCollection<TSaga>, TSaga> factory;

    public MongoSagaRepositoryContext(MongoSagaCollection<TSaga> store, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<MongoSagaCollection<TSaga>, TSaga> factory)
        : base(consumeContext)
    {
        this.store = store;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    IMongoCollection<TSaga> Collection => store.Collection;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, context, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>
    /// Insert-first for events that may create the saga. Only a duplicate key (the saga exists) falls back to a load;
    /// anything else (an unreachable server, a refused document) propagates to the endpoint's retry policy, instead of
    /// being mistaken for "already there" and loading nothing.
    /// </summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        try
        {
            await Collection.InsertOneAsync(instance, cancellationToken: CancellationToken).ConfigureAwait(false);
            consumeContext.LogInsert<TSaga, TMessage>(instance.CorrelationId);
            return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsInsertConflict(ex))
        {
            consumeContext.LogInsertFault<TSaga, TMessage>(ex, instance.CorrelationId);
            // MassTransit's contract: null means "not inserted, load it instead".
            return null!;
        }
    }

    /// <summary>The insert failed because the saga already exists (and only then).</summary>
    public static bool IsInsertConflict(Exception exception) => MongoErrors.IsDuplicateKey(exception);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await Collection.Find(Builders<TSaga>.Filter.Eq(x => x.CorrelationId, correlationId))
            .FirstOrDefaultAsync(CancellationToken).ConfigureAwait(false);
        if (instance is null)
            return null!;
        return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    /// <summary>Saves an instance that was added in memory; a duplicate key propagates so the retry policy reprocesses the message.</summary>
    public Task Save(SagaConsumeContext<TSaga> context) =>
        Collection.InsertOneAsync(context.Saga, cancellationToken: CancellationToken);

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        var saga = context.Saga;
        saga.Version++;
        var filter = Builders<TSaga>.Filter.Eq(x => x.CorrelationId, saga.CorrelationId)
                     & Builders<TSaga>.Filter.Lt(x => x.Version, saga.Version);
        var result = await Collection.ReplaceOneAsync(filter, saga, new ReplaceOptions { IsUpsert = false }, CancellationToken).ConfigureAwait(false);
        if (result.MatchedCount == 0)
            throw new ConcurrencyException(
                $"Saga {typeof(TSaga).Name} {saga.CorrelationId} was changed by another consumer (version {saga.Version} is not newer than the stored one); the message will be retried against fresh state.",
                typeof(TSaga), saga.CorrelationId);
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        var saga = context.Saga;
        var filter = Builders<TSaga>.Filter.Eq(x => x.CorrelationId, saga.CorrelationId)
                     & Builders<TSaga>.Filter.Lte(x => x.Version, saga.Version);
        var result = await Collection.DeleteOneAsync(filter, CancellationToken).ConfigureAwait(false);
        if (result.DeletedCount == 0)
            throw new ConcurrencyException(
                $"Saga {typeof(TSaga).Name} {saga.CorrelationId} could not be deleted: it was changed or removed by another consumer.",
                typeof(TSaga), saga.CorrelationId);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}

/// <summary>Query and load outside a consume (e.g. <c>ILoadSagaRepository</c>, request/response lookups).</summary>
public sealed class MongoSagaLookupContext<TSaga>(MongoSagaCollection<TSaga> store, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), QuerySagaRepositoryContext<TSaga>, LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId) =>
        (await store.Collection.Find(Builders<TSaga>.Filter.Eq(x => x.CorrelationId, correlationId))
            .FirstOrDefaultAsync(CancellationToken).ConfigureAwait(false))!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await store.Collection.Find(query.FilterExpression)
            .Project(x => x.CorrelationId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}
