using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Sessions.Tests;

public sealed class SessionHarness : IAsyncDisposable
{
    readonly ServiceProvider provider;

    SessionHarness(ServiceProvider provider, ITestHarness harness, string dataDir)
    {
        this.provider = provider;
        Harness = harness;
        DataDir = dataDir;
        Saga = harness.GetSagaStateMachineHarness<GenerationSessionStateMachine, GenerationSession>();
        Machine = provider.GetRequiredService<GenerationSessionStateMachine>();
        Claims = provider.GetRequiredService<IClaimCheckStore>();
        Checks = provider.GetRequiredService<SessionReplyChecks>();
    }

    /// <summary>The embedded data directory the saga checks artifact URLs against.</summary>
    public string DataDir { get; }

    /// <summary>The confined claim-check store (in memory here) the saga checks claim addresses with.</summary>
    public IClaimCheckStore Claims { get; }

    public SessionReplyChecks Checks { get; }

    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<GenerationSessionStateMachine, GenerationSession> Saga { get; }
    public GenerationSessionStateMachine Machine { get; }

    public static async Task<SessionHarness> StartAsync(int maxAttempts = 2, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "benchgen-sessions-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dataDir })
            .Build();
        var services = new ServiceCollection().AddLogging();
        // Claims in memory (signed like every other claim); the saga checks them and the artifact URLs under dataDir.
        services.AddSingleton<IClaimCheckBackend, InMemoryClaimCheckBackend>();
        services.AddSessionReplyChecks(configuration);
        var provider = services
            .Configure<SessionOptions>(o => { o.MaxAttempts = maxAttempts; o.StageTimeoutSeconds = 60; })
            .AddMassTransitTestHarness(x =>
            {
                // The default 1.2 s of inactivity can pass between a saga's state change and its publish on a loaded
                // 2-core machine, and then a Published.Any() gives up too early.
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
                x.AddSagaStateMachine<GenerationSessionStateMachine, GenerationSession>().InMemoryRepository();
                configure?.Invoke(x);
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new SessionHarness(provider, harness, dataDir);
    }

    public async Task<Guid> SubmitAsync(string prompt = "A stack of 3 blocks")
    {
        var id = NewId.NextGuid();
        await Harness.Bus.Publish(new SubmitPrompt(id, prompt, 7, 4, null, DateTime.UtcNow));
        Assert.NotNull(await Saga.Exists(id, x => x.Generating));
        return id;
    }

    public async Task<GenerationSession> InState(Guid id, Func<GenerationSessionStateMachine, State> state)
    {
        Assert.NotNull(await Saga.Exists(id, state));
        return Saga.Sagas.Contains(id)!;
    }

    /// <summary>Polls the harness's published messages: robust against a saga that publishes just after its state change.</summary>
    public async Task<bool> PublishedEventually<T>(Func<T, bool> match, int seconds = 20) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Harness.Published.Select<T>().Any(x => match(x.Context.Message)))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>
    /// The nonce of the last request of type <typeparamref name="T"/> the saga published for the session, which genuine
    /// replies echo (read from the published request, not the saga: its state can change before the request is out).
    /// </summary>
    public async Task<Guid> Nonce<T>(Guid id, int? attempt = null) where T : class
    {
        bool Match(T m) => (Guid?)typeof(T).GetProperty("SessionId")!.GetValue(m) == id &&
            (attempt is null || (int?)typeof(T).GetProperty("Attempt")?.GetValue(m) == attempt);
        // Any and First stop at the first match; enumerating the whole list would wait for the harness to go quiet.
        Assert.True(await Harness.Published.Any<T>(x => Match(x.Context.Message)), $"no {typeof(T).Name} published for {id}");
        var sent = Harness.Published.Select<T>().First(x => Match(x.Context.Message)).Context.Message;
        return (Guid)typeof(T).GetProperty("Nonce")!.GetValue(sent)!;
    }

    public Uri Claim(Guid id, string text) => Claims.PutTextAsync(id, text).GetAwaiter().GetResult();

    /// <summary>A genuine ScenarioGenerated: claims of this session, the request's nonce.</summary>
    public async Task<ScenarioGenerated> Generated(Guid id, int attempt) => new(id, attempt, "stack", 7, "block_2",
        Claim(id, "script"), Claim(id, "model"), [new ModelVariant(8, Claim(id, "variant"), "abc")],
        Claim(id, "definition"), Claim(id, "validation"), "5/5 seeds passed", 0.4, await Nonce<GenerateScenario>(id, attempt));

    public async Task<ScenarioRendered> Rendered(Guid id, int attempt) => new(id, attempt, Claim(id, "bundle"), Claim(id, "sheet"), 24, await Nonce<RenderScenario>(id, attempt));

    public async Task<ScenarioReviewed> Reviewed(Guid id, int attempt, bool approved, string feedback) => new(id, attempt, approved, feedback, await Nonce<ReviewScenario>(id, attempt));

    public async Task<GenerationFailed> GenerationFailed(Guid id, int attempt, bool rejected, string reason) => new(id, attempt, rejected, reason, await Nonce<GenerateScenario>(id, attempt));

    public async Task<GenerationProgressed> Progressed(Guid id, string stage, int attempt, string message) => new(id, stage, attempt, message, DateTime.UtcNow, await Nonce<GenerateScenario>(id, attempt));

    /// <summary>Where the embedded artifact store puts the session's benchmark (one variant, seed 8).</summary>
    public AssetUrls Urls(Guid id)
    {
        var bm = BenchmarkIds.For(id);
        string Url(string bucket, string key) => new Uri(Path.Combine(Path.GetFullPath(DataDir), "buckets", bucket, bm, key)).AbsoluteUri;
        return new(Url("benchmarks-assets", "benchmark.json"), Url("benchmarks-source", "script.py"), Url("benchmarks-assets", "model.xml"),
            [Url("benchmarks-assets", "variants/seed-8.xml")], Url("benchmarks-assets", "previews.zip"), Url("benchmarks-assets", "contact-sheet.png"),
            Url("benchmarks-assets", "benchmark.json"), Url("benchmarks-assets", "validation.json"));
    }

    public async Task<AssetPersisted> Persisted(Guid id) => new(id, BenchmarkIds.For(id), Urls(id), await Nonce<PersistAsset>(id));

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}

public class Submitting_a_prompt
{
    [Fact]
    public async Task Should_leave_the_variant_count_to_the_prompt_when_the_producer_names_none()
    {
        // "10 variations of …" is the prompt's own count; a default filled in here would override it without a word.
        await using var h = await SessionHarness.StartAsync();
        var id = NewId.NextGuid();
        await h.Harness.Bus.Publish(new SubmitPrompt(id, "10 variations of put the bowl on the plate", 7, null, null, DateTime.UtcNow));
        Assert.True(await h.Harness.Published.Any<GenerateScenario>(x => x.Context.Message.SessionId == id && x.Context.Message.Variants == null));
    }

    [Fact]
    public async Task Should_pass_an_explicit_zero_variant_count_on_as_zero()
    {
        // 0 means the canonical model alone; it must not be confused with "unset" on the way to the generator.
        await using var h = await SessionHarness.StartAsync();
        var id = NewId.NextGuid();
        await h.Harness.Bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", 7, 0, null, DateTime.UtcNow));
        Assert.True(await h.Harness.Published.Any<GenerateScenario>(x => x.Context.Message.SessionId == id && x.Context.Message.Variants == 0));
    }

    [Fact]
    public async Task Should_start_generating_and_request_attempt_one()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();

        Assert.True(await h.Harness.Published.Any<GenerateScenario>(x => x.Context.Message.SessionId == id && x.Context.Message.Attempt == 1 && x.Context.Message.Seed == 7));
        var session = h.Saga.Sagas.Contains(id)!;
        Assert.Equal("A stack of 3 blocks", session.Prompt);
        // One checkpoint per stage that ended: the submission; planning is running, not logged yet.
        Assert.Equal([("submitted", "received")], session.Checkpoints.Select(c => (c.Stage, c.Outcome)));
        Assert.Equal("planning", session.Stage);
        Assert.NotNull(session.DeadlineAt);
    }

    [Fact]
    public async Task Should_ignore_a_redelivered_submission()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();
        await h.Harness.Bus.Publish(new SubmitPrompt(id, "something else", 1, 1, null, DateTime.UtcNow));
        Assert.True(await h.Saga.Consumed.Any<SubmitPrompt>(x => x.Context.Message.Prompt == "something else"));

        var session = h.Saga.Sagas.Contains(id)!;
        Assert.Equal("A stack of 3 blocks", session.Prompt);
        Assert.Single(h.Harness.Published.Select<GenerateScenario>());
    }
}

public class A_session_that_succeeds
{
    [Fact]
    public async Task Should_walk_every_stage_to_accepted_with_checkpoints()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();

        // Generation reports each step when it has finished it, as ScenarioGenerator does.
        await h.Harness.Bus.Publish(await h.Progressed(id, "planning", 1, "planned: stack of 3 blocks"));
        await h.Harness.Bus.Publish(await h.Progressed(id, "coding", 1, "script written"));
        await h.Harness.Bus.Publish(await h.Progressed(id, "validating", 1, "5 seeds"));
        Assert.True(await h.Saga.Consumed.Any<GenerationProgressed>(x => x.Context.Message.Stage == "validating"));
        await h.Harness.Bus.Publish(await h.Generated(id, 1));
        await h.InState(id, m => m.Rendering);
        Assert.True(await h.Harness.Published.Any<RenderScenario>(x => x.Context.Message.SessionId == id && x.Context.Message.PayloadBody == "block_2"));

        await Task.Delay(300); // rendering takes a while: its checkpoint must carry that time, not the next stage's
        var rendered = await h.Rendered(id, 1);
        await h.Harness.Bus.Publish(rendered);
        await h.InState(id, m => m.Reviewing);
        Assert.True(await h.Harness.Published.Any<ReviewScenario>(x => x.Context.Message.PreviewBundle == rendered.PreviewBundle));

        await h.Harness.Bus.Publish(await h.Reviewed(id, 1, true, "payload visible in 24/24 views"));
        await h.InState(id, m => m.Persisting);
        Assert.True(await h.Harness.Published.Any<PersistAsset>(x =>
            x.Context.Message.BenchmarkId == BenchmarkIds.For(id) && x.Context.Message.Variants.Count == 1 &&
            x.Context.Message.Definition == h.Saga.Sagas.Contains(id)!.DefinitionAddress));

        await h.Harness.Bus.Publish(await h.Persisted(id));
        var session = await h.InState(id, m => m.Accepted);
        Assert.True(await h.PublishedEventually<GenerationSessionCompleted>(m => m.SessionId == id));

        // Each checkpoint names the stage that finished, with its outcome; the rendering one carries the rendering time.
        Assert.Equal(
            [("submitted", "received"), ("planning", "done"), ("coding", "done"), ("validating", "done"), ("rendering", "done"),
             ("reviewing", "approved"), ("persisting", "accepted")],
            session.Checkpoints.Select(c => (c.Stage, c.Outcome)));
        Assert.Equal("24 views rendered", session.Checkpoints.Single(c => c.Stage == "rendering").Message);
        Assert.True(session.Checkpoints.Single(c => c.Stage == "rendering").StageSeconds >= 0.25);
        Assert.All(session.Checkpoints, c => Assert.True(c.StageSeconds >= 0));
        Assert.Equal("done", session.Stage);
        Assert.Equal(h.Urls(id).Asset, session.AssetUrl);
        Assert.Equal(0, h.Checks.Refused);
        Assert.NotNull(session.FinishedAt);
        Assert.Null(session.DeadlineAt);
        Assert.Null(session.FailureReason);
    }

    [Fact]
    public async Task Should_answer_a_status_request()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();
        var client = h.Harness.GetRequestClient<GetSessionStatus>();

        var response = await client.GetResponse<SessionStatus, SessionNotFound>(new GetSessionStatus(id));
        Assert.True(response.Is(out Response<SessionStatus>? status));
        Assert.Equal("Generating", status!.Message.State);
        Assert.Equal("received", Assert.Single(status.Message.Checkpoints).Outcome);

        var missing = await client.GetResponse<SessionStatus, SessionNotFound>(new GetSessionStatus(Guid.NewGuid()));
        Assert.True(missing.Is(out Response<SessionNotFound>? _));
    }
}

public class A_session_whose_review_rejects
{
    [Fact]
    public async Task Should_regenerate_with_the_feedback_then_reject_when_attempts_run_out()
    {
        await using var h = await SessionHarness.StartAsync(maxAttempts: 2);
        var id = await h.SubmitAsync();

        await h.Harness.Bus.Publish(await h.Generated(id, 1));
        await h.InState(id, m => m.Rendering);
        await h.Harness.Bus.Publish(await h.Rendered(id, 1));
        await h.InState(id, m => m.Reviewing);
        await h.Harness.Bus.Publish(await h.Reviewed(id, 1, false, "payload hidden in 20/24 views"));

        Assert.True(await h.Harness.Published.Any<GenerateScenario>(x =>
            x.Context.Message.Attempt == 2 && x.Context.Message.ReviewFeedback == "payload hidden in 20/24 views"));
        var session = await h.InState(id, m => m.Generating);
        Assert.Equal(2, session.Attempt);
        // The review of attempt 1 ended "rejected", logged under attempt 1; attempt 2 is planning.
        var review = session.Checkpoints.Last();
        Assert.Equal(("reviewing", "rejected", 1), (review.Stage, review.Outcome, review.Attempt));
        Assert.Contains("generating again (attempt 2)", review.Message);
        Assert.Equal("planning", session.Stage);

        // A late reply to attempt 1 must not move attempt 2 along.
        await h.Harness.Bus.Publish(await h.Generated(id, 1));
        Assert.True(await h.Saga.Consumed.Any<ScenarioGenerated>(x => x.Context.Message.Attempt == 1 && h.Saga.Consumed.Select<ScenarioGenerated>().Count() >= 2));
        Assert.Equal("Generating", h.Saga.Sagas.Contains(id)!.CurrentState);

        await h.Harness.Bus.Publish(await h.Generated(id, 2));
        await h.InState(id, m => m.Rendering);
        await h.Harness.Bus.Publish(await h.Rendered(id, 2));
        await h.InState(id, m => m.Reviewing);
        await h.Harness.Bus.Publish(await h.Reviewed(id, 2, false, "still hidden"));

        session = await h.InState(id, m => m.Rejected);
        Assert.Contains("still hidden", session.FailureReason);
        Assert.True(await h.PublishedEventually<GenerationSessionFailed>(m => m.SessionId == id && m.State == "Rejected"));
    }
}

public class A_session_that_fails
{
    [Fact]
    public async Task Should_end_rejected_when_generation_rejects_the_prompt()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync("A purple elephant");
        await h.Harness.Bus.Publish(await h.GenerationFailed(id, 1, true, "no scenario family matches; supported: stack"));

        var session = await h.InState(id, m => m.Rejected);
        Assert.Equal("no scenario family matches; supported: stack", session.FailureReason);
        Assert.Equal("rejected", session.Stage);
    }

    [Fact]
    public async Task Should_end_failed_when_a_consumer_faults()
    {
        await using var h = await SessionHarness.StartAsync(configure: x => x.AddConsumer<ExplodingGenerator>());
        // Not SubmitAsync: the fault can end the session before anyone sees it in Generating.
        var id = NewId.NextGuid();
        await h.Harness.Bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", 7, 4, null, DateTime.UtcNow));

        var session = await h.InState(id, m => m.Failed);
        Assert.Contains("disk full", session.FailureReason);
    }

    [Fact]
    public async Task Should_time_out_when_the_sweeper_reports_it_overdue_in_its_state()
    {
        await using var h = await SessionHarness.StartAsync();
        var id = await h.SubmitAsync();

        // A timeout for a state the session already left is stale and ignored.
        await h.Harness.Bus.Publish(new SessionTimedOut(id, "Rendering", DateTime.UtcNow));
        Assert.True(await h.Saga.Consumed.Any<SessionTimedOut>(x => x.Context.Message.State == "Rendering"));
        Assert.Equal("Generating", h.Saga.Sagas.Contains(id)!.CurrentState);

        await h.Harness.Bus.Publish(new SessionTimedOut(id, "Generating", DateTime.UtcNow));
        var session = await h.InState(id, m => m.Failed);
        Assert.Contains("timed out in Generating", session.FailureReason);
        Assert.True(await h.PublishedEventually<GenerationSessionFailed>(m => m.SessionId == id && m.State == "Failed"));
    }
}

public sealed class ExplodingGenerator : IConsumer<GenerateScenario>
{
    public Task Consume(ConsumeContext<GenerateScenario> context) => throw new IOException("disk full");
}

public class The_checkpoint_log
{
    [Fact]
    public void Should_stay_bounded_and_keep_the_submission()
    {
        var session = new GenerationSession { StageStartedAt = DateTime.UtcNow };
        session.AddCheckpoint("submitted", "prompt received", DateTime.UtcNow);
        for (var i = 0; i < 200; i++)
        {
            session.AddCheckpoint("validating", $"line {i}", DateTime.UtcNow);
        }

        Assert.Equal(GenerationSession.MaxCheckpoints, session.Checkpoints.Count);
        Assert.Equal("submitted", session.Checkpoints[0].Stage);
        Assert.Equal("line 199", session.Checkpoints[^1].Message);
    }
}
