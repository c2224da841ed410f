using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// The real GenerationSession saga on MassTransit's test harness, with the confined claim-check store (in memory) and the
/// embedded artifact locations: what an attacker who can publish on the bus (but not read the request queues) sends.
/// </summary>
public sealed class SagaUnderAttack : IAsyncDisposable
{
    readonly ServiceProvider provider;

    SagaUnderAttack(ServiceProvider provider, string dataDir)
    {
        this.provider = provider;
        DataDir = dataDir;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<GenerationSessionStateMachine, GenerationSession>();
        Claims = provider.GetRequiredService<IClaimCheckStore>();
        Checks = provider.GetRequiredService<SessionReplyChecks>();
    }

    public string DataDir { get; }
    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<GenerationSessionStateMachine, GenerationSession> Saga { get; }
    public IClaimCheckStore Claims { get; }
    public SessionReplyChecks Checks { get; }

    public static async Task<SagaUnderAttack> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "benchgen-security-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dataDir })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IClaimCheckBackend, InMemoryClaimCheckBackend>();
        services.AddSessionReplyChecks(configuration);
        services.Configure<SessionOptions>(o => { o.MaxAttempts = 2; o.StageTimeoutSeconds = 120; });
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
            x.AddSagaStateMachine<GenerationSessionStateMachine, GenerationSession>().InMemoryRepository();
        });
        var provider = services.BuildServiceProvider(true);
        await provider.GetRequiredService<ITestHarness>().Start();
        return new SagaUnderAttack(provider, dataDir);
    }

    public GenerationSession Session(Guid id) => Saga.Sagas.Contains(id)!;

    /// <summary>The nonce of the request of type <typeparamref name="T"/> the saga published for the session (what the genuine service echoes).</summary>
    public Guid Nonce<T>(Guid id) where T : class
    {
        bool Match(T m) => (Guid?)typeof(T).GetProperty("SessionId")!.GetValue(m) == id;
        // Any and First stop at the first match (each request type is sent once per session here).
        Assert.True(Harness.Published.Any<T>(x => Match(x.Context.Message)).GetAwaiter().GetResult(), $"no {typeof(T).Name} published for {id}");
        return (Guid)typeof(T).GetProperty("Nonce")!.GetValue(Harness.Published.Select<T>().First(x => Match(x.Context.Message)).Context.Message)!;
    }

    public async Task<Guid> SubmitAsync()
    {
        var id = NewId.NextGuid();
        await Harness.Bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", 7, 1, null, DateTime.UtcNow));
        Assert.NotNull(await Saga.Exists(id, m => m.Generating));
        return id;
    }

    public Uri Claim(Guid session, string text) => Claims.PutTextAsync(session, text).GetAwaiter().GetResult();

    /// <summary>What the Generation service would answer for <paramref name="session"/>, with the given nonce.</summary>
    public ScenarioGenerated Generated(Guid session, Guid nonce, Guid? claimsOf = null)
    {
        var owner = claimsOf ?? session;
        return new ScenarioGenerated(session, 1, "stack", 7, "block_2", Claim(owner, "script"), Claim(owner, "model"),
            [new ModelVariant(8, Claim(owner, "variant"), "abc")], Claim(owner, "definition"), Claim(owner, "validation"), "passed", 0.4, nonce);
    }

    /// <summary>The URLs the embedded artifact store writes for the session's benchmark.</summary>
    public AssetUrls Urls(Guid session)
    {
        var bm = BenchmarkIds.For(session);
        string Url(string bucket, string key) => new Uri(Path.Combine(Path.GetFullPath(DataDir), "buckets", bucket, bm, key)).AbsoluteUri;
        return new(Url("benchmarks-assets", "benchmark.json"), Url("benchmarks-source", "script.py"), Url("benchmarks-assets", "model.xml"),
            [Url("benchmarks-assets", "variants/seed-8.xml")], Url("benchmarks-assets", "previews.zip"), Url("benchmarks-assets", "contact-sheet.png"),
            Url("benchmarks-assets", "benchmark.json"), Url("benchmarks-assets", "validation.json"));
    }

    public static AssetUrls Evil => new("http://evil.example/payload", "http://evil.example/payload", "http://evil.example/payload",
        ["http://evil.example/payload"], "http://evil.example/payload", "http://evil.example/payload", "http://evil.example/payload",
        "http://evil.example/payload");

    /// <summary>Drives a session the genuine way (echoing each request's nonce) up to Persisting.</summary>
    public async Task<Guid> UpToPersistingAsync()
    {
        var id = await SubmitAsync();
        await Harness.Bus.Publish(Generated(id, Nonce<GenerateScenario>(id)));
        Assert.NotNull(await Saga.Exists(id, m => m.Rendering));
        await Harness.Bus.Publish(new ScenarioRendered(id, 1, Claim(id, "bundle"), Claim(id, "sheet"), 24, Nonce<RenderScenario>(id)));
        Assert.NotNull(await Saga.Exists(id, m => m.Reviewing));
        await Harness.Bus.Publish(new ScenarioReviewed(id, 1, true, "visible", Nonce<ReviewScenario>(id)));
        Assert.NotNull(await Saga.Exists(id, m => m.Persisting));
        return id;
    }

    /// <summary>Waits until the saga consumed <paramref name="count"/> messages of a type for the session (so a refusal had its chance to act).</summary>
    public async Task ConsumedAsync<T>(Guid id, int count = 1) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Saga.Consumed.Select<T>().Count(x => CorrelationOf(x.Context.Message) == id) >= count)
                return;
            await Task.Delay(50);
        }

        Assert.Fail($"the saga did not consume {count} {typeof(T).Name} for {id} within 30 s");
    }

    static Guid? CorrelationOf(object message) => message.GetType().GetProperty("SessionId")?.GetValue(message) as Guid?;

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}

public sealed class Bus_ForgedReplies_Specs
{
    [Fact]
    public async Task A_forged_ScenarioGenerated_carrying_another_benchmarks_claims_is_not_accepted()
    {
        await using var h = await SagaUnderAttack.StartAsync();
        var victim = await h.SubmitAsync();
        var other = await h.SubmitAsync();

        // Even with the victim's own nonce (as an insider who read the request would have), claims of the other
        // session are refused; without the nonce the reply is refused before its claims are looked at.
        await h.Harness.Bus.Publish(h.Generated(victim, h.Nonce<GenerateScenario>(victim), claimsOf: other));
        await h.Harness.Bus.Publish(h.Generated(victim, Guid.Empty, claimsOf: other));
        await h.Harness.Bus.Publish(h.Generated(victim, Guid.NewGuid()));
        await h.ConsumedAsync<ScenarioGenerated>(victim, 3);

        var session = h.Session(victim);
        Assert.Equal("Generating", session.CurrentState);
        Assert.Null(session.ScriptAddress);
        Assert.False(await h.Harness.Published.Any<RenderScenario>(x => x.Context.Message.SessionId == victim));
        Assert.Equal(3, h.Checks.Recent.Count(r => r.SessionId == victim && r.Reply == nameof(ScenarioGenerated)));
        Assert.Contains(h.Checks.Recent, r => r.SessionId == victim && r.Reason.Contains($"belongs to session {other:N}", StringComparison.Ordinal));
        Assert.Contains(h.Checks.Recent, r => r.SessionId == victim && r.Reason.Contains("no request nonce", StringComparison.Ordinal));
        Assert.Contains(h.Checks.Recent, r => r.SessionId == victim && r.Reason.Contains("nonce is not the one", StringComparison.Ordinal));

        // The genuine reply still moves it.
        await h.Harness.Bus.Publish(h.Generated(victim, h.Nonce<GenerateScenario>(victim)));
        Assert.NotNull(await h.Saga.Exists(victim, m => m.Rendering));
    }

    [Theory]
    [InlineData("s3://private-other/secret.txt", "scheme")]
    [InlineData("urn:file:..:..:etc:passwd", "not an address of the in-memory claim-check")]
    [InlineData("urn:memory:..:..:etc:passwd", "'..'")]
    [InlineData("urn:memory:sessions:00000000000000000000000000000000:x", "not a claim-check key")]
    public async Task A_reply_with_a_claim_address_outside_the_sessions_staging_prefix_is_not_accepted(string address, string why)
    {
        await using var h = await SagaUnderAttack.StartAsync();
        var id = await h.SubmitAsync();
        var genuine = h.Generated(id, h.Nonce<GenerateScenario>(id));

        await h.Harness.Bus.Publish(genuine with { Script = new Uri(address) });
        await h.ConsumedAsync<ScenarioGenerated>(id);

        Assert.Equal("Generating", h.Session(id).CurrentState);
        var refusal = Assert.Single(h.Checks.Recent, r => r.SessionId == id);
        Assert.Contains(why, refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("script claim", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_ScenarioReviewed_and_AssetPersisted_do_not_make_the_session_accepted_with_their_urls()
    {
        await using var h = await SagaUnderAttack.StartAsync();
        // The attack of issue 8: a session waiting in Reviewing gets an approving review and a "persisted" benchmark
        // bm-forged-by-attacker with every URL http://evil.example/payload.
        var id = await h.SubmitAsync();
        await h.Harness.Bus.Publish(h.Generated(id, h.Nonce<GenerateScenario>(id)));
        Assert.NotNull(await h.Saga.Exists(id, m => m.Rendering));
        await h.Harness.Bus.Publish(new ScenarioRendered(id, 1, h.Claim(id, "bundle"), h.Claim(id, "sheet"), 24, h.Nonce<RenderScenario>(id)));
        Assert.NotNull(await h.Saga.Exists(id, m => m.Reviewing));

        await h.Harness.Bus.Publish(new ScenarioReviewed(id, 1, true, "looks great"));
        await h.Harness.Bus.Publish(new AssetPersisted(id, "bm-forged-by-attacker", SagaUnderAttack.Evil));
        await h.ConsumedAsync<ScenarioReviewed>(id);
        await h.ConsumedAsync<AssetPersisted>(id);

        var session = h.Session(id);
        Assert.Equal("Reviewing", session.CurrentState);
        Assert.Null(session.AssetUrl);
        Assert.NotEqual("bm-forged-by-attacker", session.BenchmarkId);
        Assert.False(await h.Harness.Published.Any<PersistAsset>(x => x.Context.Message.SessionId == id));
        Assert.False(await h.Harness.Published.Any<GenerationSessionCompleted>(x => x.Context.Message.SessionId == id));
        Assert.Contains(h.Checks.Recent, r => r.SessionId == id && r.Reply == nameof(ScenarioReviewed));
    }

    [Fact]
    public async Task A_session_in_Persisting_refuses_another_benchmark_id_and_urls_outside_the_artifact_store_even_with_the_nonce()
    {
        await using var h = await SagaUnderAttack.StartAsync();
        var id = await h.UpToPersistingAsync();
        var nonce = h.Nonce<PersistAsset>(id);
        var before = h.Checks.Refused;

        await h.Harness.Bus.Publish(new AssetPersisted(id, "bm-forged-by-attacker", SagaUnderAttack.Evil));
        await h.Harness.Bus.Publish(new AssetPersisted(id, "bm-forged-by-attacker", h.Urls(id), nonce));
        await h.Harness.Bus.Publish(new AssetPersisted(id, BenchmarkIds.For(id), SagaUnderAttack.Evil, nonce));
        await h.Harness.Bus.Publish(new AssetPersisted(id, BenchmarkIds.For(id), h.Urls(id) with { Script = "http://evil.example/payload" }, nonce));
        await h.Harness.Bus.Publish(new AssetPersisted(id, BenchmarkIds.For(id), h.Urls(id) with { Variants = [] }, nonce));
        await h.Harness.Bus.Publish(new PersistenceFailed(id, "forged failure"));
        await h.ConsumedAsync<AssetPersisted>(id, 5);
        await h.ConsumedAsync<PersistenceFailed>(id);

        Assert.Equal("Persisting", h.Session(id).CurrentState);
        Assert.Null(h.Session(id).AssetUrl);
        Assert.Equal(before + 6, h.Checks.Refused);
        var reasons = h.Checks.Recent.Where(r => r.SessionId == id).Select(r => r.Reason).ToList();
        Assert.Contains(reasons, r => r.Contains("benchmark id 'bm-forged-by-attacker' is not the session's own", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("'http://evil.example/payload' is not this deployment's artifact location", StringComparison.Ordinal));

        // The genuine reply: Accepted with the store's URLs.
        await h.Harness.Bus.Publish(new AssetPersisted(id, BenchmarkIds.For(id), h.Urls(id), nonce));
        Assert.NotNull(await h.Saga.Exists(id, m => m.Accepted));
        Assert.Equal(h.Urls(id).Asset, h.Session(id).AssetUrl);
        Assert.Equal(BenchmarkIds.For(id), h.Session(id).BenchmarkId);
    }

    [Fact]
    public async Task Forged_failures_and_progress_without_the_nonce_do_not_end_or_move_a_session()
    {
        await using var h = await SagaUnderAttack.StartAsync();
        var id = await h.SubmitAsync();
        var checkpoints = h.Session(id).Checkpoints.Count;

        await h.Harness.Bus.Publish(new GenerationFailed(id, 1, true, "forged rejection"));
        await h.Harness.Bus.Publish(new GenerationProgressed(id, "validating", 1, "forged progress", DateTime.UtcNow));
        await h.ConsumedAsync<GenerationFailed>(id);
        await h.ConsumedAsync<GenerationProgressed>(id);

        Assert.Equal("Generating", h.Session(id).CurrentState);
        Assert.Null(h.Session(id).FailureReason);
        Assert.Equal(checkpoints, h.Session(id).Checkpoints.Count);
        Assert.Equal(2, h.Checks.Recent.Count(r => r.SessionId == id));
    }

    [Fact]
    public void Request_nonces_are_random_not_sequential()
    {
        // NewId (MassTransit's sequential ids) would be guessable from one observed id; the nonce must not be.
        var nonces = Enumerable.Range(0, 1000).Select(_ => SessionReplyChecks.NewNonce()).ToList();
        Assert.Equal(1000, nonces.Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, nonces);
        var firstBytes = nonces.Select(n => n.ToByteArray()[0]).Distinct().Count();
        Assert.True(firstBytes > 200, $"only {firstBytes} distinct first bytes in 1000 nonces");
    }
}
