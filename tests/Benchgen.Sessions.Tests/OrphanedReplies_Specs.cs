using Benchgen.Contracts;
using MassTransit;
using Xunit;

namespace Benchgen.Sessions.Tests;

/// <summary>Issue 11, fault 3: a reply for a session the store does not know is logged and counted, not dropped silently.</summary>
public sealed class Replies_for_an_unknown_session : IAsyncLifetime
{
    SessionHarness h = null!;

    public async Task InitializeAsync() => h = await SessionHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Should_be_counted_as_orphaned()
    {
        var before = h.Checks.Orphaned;
        var unknown = NewId.NextGuid();

        await h.Harness.Bus.Publish(new GenerationProgressed(unknown, "validating", 1, "seed 1 validated", DateTime.UtcNow, Guid.NewGuid()));
        await h.Harness.Bus.Publish(new StageStarted(unknown, "rendering", 1, DateTime.UtcNow, Guid.NewGuid()));

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (h.Checks.Orphaned < before + 2)
            await Task.Delay(25, bound.Token);
        Assert.Equal(before + 2, h.Checks.Orphaned);
        Assert.False(h.Saga.Sagas.Select(x => x.CorrelationId == unknown).Any()); // nothing was created for it
    }
}
