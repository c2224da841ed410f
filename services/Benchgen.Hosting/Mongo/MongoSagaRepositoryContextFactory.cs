using MassTransit;
using MassTransit.Saga;
using MongoDB.Driver;

namespace Benchgen.Hosting.Mongo;

/// <summary>
/// Plays all three of MassTransit's repository roles (consume, query, load) for a saga stored in MongoDB;
/// <see cref="SagaRepository{TSaga}"/> and MassTransit's saga pipes decide when to insert, load, update or delete.
/// </summary>
public sealed class MongoSagaRepositoryContextFactory<TSaga>(
    MongoSagaCollection<TSaga> store,
    ISagaConsumeContextFactory<MongoSagaCollection<TSaga>, TSaga> consumeContextFactory)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "mongodb");
        context.Add("collection", store.Options.CollectionName);
    }

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        next.Send(new MongoSagaRepositoryContext<TSaga, T>(store, context, consumeContextFactory));

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        var repositoryContext = new MongoSagaRepositoryContext<TSaga, T>(store, context, consumeContextFactory);
        var instances = await store.Collection.Find(query.FilterExpression).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new MongoSagaLookupContext<TSaga>(store, cancellationToken));

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new MongoSagaLookupContext<TSaga>(store, cancellationToken));
}
