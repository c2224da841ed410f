using System.Collections.Concurrent;
using Benchgen.Hosting.Mongo;
using Benchgen.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

public class CounterSession : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";
    public int Bumps { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public record CounterStarted(Guid SessionId);
public record CounterBumped(Guid SessionId);
public record CounterFinished(Guid SessionId);

/// <summary>Holds the first two bumps until both have loaded the same saga version, forcing a write conflict.</summary>
public sealed class BumpGate
{
    readonly TaskCompletionSource _bothArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _arrivals;

    public async Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrivals) == 2)
            _bothArrived.TrySetResult();
        // Retries (arrival 3+) find the gate open; the timeout only keeps a broken run from hanging.
        await Task.WhenAny(_bothArrived.Task, Task.Delay(TimeSpan.FromSeconds(10)));
    }
}

public sealed class CounterStateMachine : MassTransitStateMachine<CounterSession>
{
    public CounterStateMachine(BumpGate gate)
    {
        InstanceState(x => x.CurrentState);
        Event(() => Started, e => e.CorrelateById(m => m.Message.SessionId));
        Event(() => Bumped, e => e.CorrelateById(m => m.Message.SessionId));
        Event(() => Finished, e => e.CorrelateById(m => m.Message.SessionId));

        Initially(When(Started).Then(c => c.Saga.UpdatedAt = DateTime.UtcNow).TransitionTo(Running));
        During(Running,
            When(Bumped).ThenAsync(async c =>
            {
                await gate.ArriveAsync();
                c.Saga.Bumps++;
                c.Saga.UpdatedAt = DateTime.UtcNow;
            }),
            When(Finished).Finalize());
        SetCompletedWhenFinalized();
    }

    public State Running { get; private set; } = null!;
    public Event<CounterStarted> Started { get; private set; } = null!;
    public Event<CounterBumped> Bumped { get; private set; } = null!;
    public Event<CounterFinished> Finished { get; private set; } = null!;
}

sealed class RetryRecorder : IRetryObserver
{
    public ConcurrentQueue<Exception> Faults { get; } = new();

    public Task PostCreate<T>(RetryPolicyContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    public Task PostFault<T>(RetryContext<T> context) where T : class, PipeContext
    {
        Faults.Enqueue(context.Exception);
        return Task.CompletedTask;
    }
    public Task PreRetry<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    public Task RetryFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    public Task RetryComplete<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
}

public sealed class Mongo_saga_repository_under_MassTransit(MongoEndpoint mongo) : IClassFixture<MongoEndpoint>
{
    readonly string _database = MongoEndpoint.UniqueDatabaseName();

    async Task<(ServiceProvider Provider, ITestHarness Harness, IMongoCollection<CounterSession> Sessions, RetryRecorder Retries)> StartAsync()
    {
        var retries = new RetryRecorder();
        var services = new ServiceCollection();
        services.AddSingleton<BumpGate>();
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaStateMachine<CounterStateMachine, CounterSession>((context, cfg) =>
                {
                    cfg.ConcurrentMessageLimit = 4;
                    cfg.UseMessageRetry(r =>
                    {
                        r.Immediate(5);
                        r.Handle<ConcurrencyException>();
                        r.ConnectRetryObserver(retries);
                    });
                    cfg.UseInMemoryOutbox(context);
                })
                .BenchgenMongoRepository(mongo.ConnectionString, _database, "counter_sessions", o =>
                {
                    o.AddIndex("state_updated", new BsonDocument { { "CurrentState", 1 }, { "UpdatedAt", -1 } });
                });
        });
        var provider = services.BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var sessions = provider.GetRequiredService<MongoSagaCollection<CounterSession>>().Collection;
        return (provider, harness, sessions, retries);
    }

    static async Task<CounterSession?> WaitForAsync(IMongoCollection<CounterSession> sessions, Guid id, Func<CounterSession?, bool> done)
    {
        // Bounded poll: the saga endpoint works asynchronously after publish returns.
        CounterSession? found = null;
        for (var i = 0; i < 150; i++)
        {
            found = await sessions.Find(x => x.CorrelationId == id).FirstOrDefaultAsync();
            if (done(found))
                return found;
            await Task.Delay(100);
        }
        return found;
    }

    [SkippableFact]
    public async Task Should_persist_the_saga_and_reload_it_for_the_next_event()
    {
        Skip.If(mongo.SkipReason is not null, mongo.SkipReason);
        var (provider, harness, sessions, _) = await StartAsync();
        await using var _ = provider;
        var id = NewId.NextGuid();

        await harness.Bus.Publish(new CounterStarted(id));
        var started = await WaitForAsync(sessions, id, s => s is not null);
        await harness.Bus.Publish(new CounterBumped(id));
        var bumped = await WaitForAsync(sessions, id, s => s?.Bumps == 1);

        Assert.NotNull(started);
        Assert.Equal("Running", started.CurrentState);
        Assert.NotNull(bumped);
        Assert.Equal(1, bumped.Bumps);
        Assert.Equal(1, bumped.Version);
        var loaded = await provider.GetRequiredService<ILoadSagaRepository<CounterSession>>().Load(id);
        Assert.Equal(1, loaded?.Bumps);
        var indexes = await (await sessions.Indexes.ListAsync()).ToListAsync();
        Assert.Contains(indexes, i => i["name"] == "state_updated");
        // _id is the CorrelationId (the test saga has no class map of its own: the repository registers one).
        var raw = await sessions.Database.GetCollection<BsonDocument>("counter_sessions").Find(new BsonDocument("_id", new BsonBinaryData(id, GuidRepresentation.Standard))).SingleOrDefaultAsync();
        Assert.NotNull(raw);
        Assert.False(raw.Contains("CorrelationId"));
    }

    [SkippableFact]
    public async Task Should_retry_a_conflicting_update_and_keep_both_events()
    {
        Skip.If(mongo.SkipReason is not null, mongo.SkipReason);
        var (provider, harness, sessions, retries) = await StartAsync();
        await using var _ = provider;
        var id = NewId.NextGuid();
        await harness.Bus.Publish(new CounterStarted(id));
        Assert.NotNull(await WaitForAsync(sessions, id, s => s is not null));

        await Task.WhenAll(harness.Bus.Publish(new CounterBumped(id)), harness.Bus.Publish(new CounterBumped(id)));
        var final = await WaitForAsync(sessions, id, s => s?.Bumps == 2);

        Assert.NotNull(final);
        Assert.Equal(2, final.Bumps);
        Assert.Equal(2, final.Version);
        Assert.Contains(retries.Faults, e => e is ConcurrencyException);
    }

    [SkippableFact]
    public async Task Should_delete_the_saga_when_it_finalizes()
    {
        Skip.If(mongo.SkipReason is not null, mongo.SkipReason);
        var (provider, harness, sessions, _) = await StartAsync();
        await using var _ = provider;
        var id = NewId.NextGuid();
        await harness.Bus.Publish(new CounterStarted(id));
        Assert.NotNull(await WaitForAsync(sessions, id, s => s is not null));

        await harness.Bus.Publish(new CounterFinished(id));

        Assert.Null(await WaitForAsync(sessions, id, s => s is null));
    }
}
