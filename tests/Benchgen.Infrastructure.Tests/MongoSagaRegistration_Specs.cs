using Benchgen.Hosting.Mongo;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

/// <summary>Wiring only: no MongoDB server is contacted (the driver connects lazily).</summary>
public sealed class Mongo_saga_repository_registration
{
    [Fact]
    public async Task Should_replace_the_in_memory_repository_for_the_saga()
    {
        var services = new ServiceCollection();
        services.AddSingleton<BumpGate>();
        services.AddMassTransitTestHarness(x =>
            x.AddSagaStateMachine<CounterStateMachine, CounterSession>()
                .BenchgenMongoRepository("mongodb://127.0.0.1:1", "benchgen_wiring", "counter_sessions"));
        // Exactly one saga repository: ours, not ours plus the harness's in-memory default.
        Assert.Single(services, d => d.ServiceType == typeof(ISagaRepository<CounterSession>));
        Assert.Single(services, d => d.ServiceType == typeof(MassTransit.Saga.ISagaRepositoryContextFactory<CounterSession>));
        await using var provider = services.BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            using var scope = provider.CreateScope();
            Assert.IsType<MongoSagaRepositoryContextFactory<CounterSession>>(scope.ServiceProvider.GetRequiredService<MassTransit.Saga.ISagaRepositoryContextFactory<CounterSession>>());
            Assert.IsType<MongoSagaRepositoryContextFactory<CounterSession>>(scope.ServiceProvider.GetRequiredService<MassTransit.Saga.ILoadSagaRepositoryContextFactory<CounterSession>>());
            Assert.IsType<MongoSagaRepositoryContextFactory<CounterSession>>(scope.ServiceProvider.GetRequiredService<MassTransit.Saga.IQuerySagaRepositoryContextFactory<CounterSession>>());
            Assert.Equal("counter_sessions", provider.GetRequiredService<MongoSagaCollection<CounterSession>>().Collection.CollectionNamespace.CollectionName);
            Assert.NotNull(provider.GetRequiredService<ILoadSagaRepository<CounterSession>>());
            Assert.NotNull(provider.GetRequiredService<IQuerySagaRepository<CounterSession>>());
        }
        finally
        {
            await harness.Stop();
        }
    }

    [Fact]
    public void Should_refuse_an_empty_connection_string()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<InvalidOperationException>(() =>
            services.AddMassTransit(x => x.AddSagaStateMachine<CounterStateMachine, CounterSession>().BenchgenMongoRepository("", "db", "c")));
        Assert.Contains("connection string", ex.Message, StringComparison.Ordinal);
    }
}
