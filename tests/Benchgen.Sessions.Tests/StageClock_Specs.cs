using Benchgen.Contracts;
using Benchgen.PromptIntake.Sessions;
using Xunit;

namespace Benchgen.Sessions.Tests;

/// <summary>Issue 11, fault 6: a stage's deadline counts from when a worker takes its request, not from when it was queued.</summary>
public sealed class The_stage_clock : IAsyncLifetime
{
    SessionHarness h = null!;

    public async Task InitializeAsync() => h = await SessionHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    async Task<GenerationSession> Until(Guid id, Func<GenerationSession, bool> done)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var session = await h.InState(id, m => m.Generating);
            if (done(session))
                return session;
            await Task.Delay(25, bound.Token);
        }
    }

    [Fact]
    public async Task Should_give_a_queued_request_the_queue_deadline_and_start_the_stage_clock_when_a_worker_takes_it()
    {
        var id = await h.SubmitAsync();
        var queued = await h.InState(id, m => m.Generating);
        // Queued: the deadline is the (long) queue timeout, not the 60 s stage timeout of this harness.
        Assert.True(queued.DeadlineAt > queued.StageStartedAt.AddSeconds(60 * 2), $"queued deadline {queued.DeadlineAt:O}");
        Assert.True(await h.PublishedEventually<GenerateScenario>(m => m.SessionId == id));
        var request = h.Harness.Published.Select<GenerateScenario>().First(x => x.Context.Message.SessionId == id);
        Assert.NotNull(request.Context.TimeToLive); // a request still queued at the queue deadline expires in the broker

        var takenAt = DateTime.UtcNow;
        await h.Harness.Bus.Publish(new StageStarted(id, "generating", 1, takenAt, await h.Nonce<GenerateScenario>(id)));
        var started = await Until(id, s => s.DeadlineAt <= takenAt.AddSeconds(61));

        Assert.Equal(takenAt.AddSeconds(60), started.DeadlineAt);
    }

    [Fact]
    public async Task Should_refuse_a_start_report_that_does_not_echo_the_request()
    {
        var id = await h.SubmitAsync();
        var deadline = (await h.InState(id, m => m.Generating)).DeadlineAt; // the value: the harness hands out the live instance
        var refusedBefore = h.Checks.Refused;

        await h.Harness.Bus.Publish(new StageStarted(id, "generating", 1, DateTime.UtcNow, Guid.NewGuid()));
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (h.Checks.Refused == refusedBefore)
                await Task.Delay(25, bound.Token);
        }

        Assert.Equal(deadline, (await h.InState(id, m => m.Generating)).DeadlineAt);
    }
}
