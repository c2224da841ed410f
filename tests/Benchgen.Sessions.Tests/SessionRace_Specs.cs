using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Sagas;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Sessions.Tests;

/// <summary>
/// One session's events arriving at once on the saga endpoint of one process. The saga store here is the file store,
/// which (like the MongoDB repository) detects a write that raced another one instead of locking: every such conflict
/// is counted. With the endpoint partitioned by session, none may happen and no checkpoint may be lost.
/// </summary>
public sealed class Concurrent_events_of_one_session : IAsyncLifetime
{
    readonly string dataDir = Directory.CreateTempSubdirectory("benchgen-race-").FullName;
    ServiceProvider provider = null!;
    IBusControl bus = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDir"] = dataDir,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPromptIntake(configuration);
        services.AddBenchgenMessaging(configuration, x => x.AddGenerationSessionSaga(configuration));
        provider = services.BuildServiceProvider();
        bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }

    public async Task DisposeAsync()
    {
        await bus.StopAsync(CancellationToken.None);
        await provider.DisposeAsync();
        Directory.Delete(dataDir, recursive: true);
    }

    async Task<GenerationSession> WaitAsync(FileSagaStore<GenerationSession> store, Guid id, Func<GenerationSession, bool> done)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (store.Load(id) is { } session && done(session))
                return session;
            await Task.Delay(25, bound.Token);
        }
    }

    [Fact]
    public async Task Should_apply_every_event_without_a_write_conflict()
    {
        const int steps = 24;
        var store = provider.GetRequiredService<FileSagaStore<GenerationSession>>();
        var id = NewId.NextGuid();
        await bus.Publish(new SubmitPrompt(id, "A sliding drawer with a handle", 1, 2, null, DateTime.UtcNow));
        var generating = await WaitAsync(store, id, s => s.CurrentState == "Generating");
        var before = generating.Checkpoints.Count;
        var conflictsBefore = store.Conflicts;

        // Progress reports, status requests and a duplicate submission of the same session, all at once.
        var now = DateTime.UtcNow;
        var messages = new List<Task>();
        for (var i = 0; i < steps; i++)
        {
            messages.Add(bus.Publish(new GenerationProgressed(id, "validating", generating.Attempt, $"seed {i} validated", now, generating.RequestNonce)));
            messages.Add(bus.Publish(new GetSessionStatus(id)));
        }

        messages.Add(bus.Publish(new SubmitPrompt(id, "A sliding drawer with a handle", 1, 2, null, DateTime.UtcNow)));
        await Task.WhenAll(messages);

        var done = await WaitAsync(store, id, s => s.Checkpoints.Count >= before + steps);
        await Task.Delay(200); // let status requests still in flight finish
        Assert.Equal(0, store.Conflicts - conflictsBefore);
        Assert.Equal(steps, done.Checkpoints.Skip(before).Count(c => c.Message.StartsWith("seed ", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, steps).Select(i => $"seed {i} validated").Order(),
            done.Checkpoints.Skip(before).Select(c => c.Message).Order());
    }
}
