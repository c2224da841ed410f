using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Consuming_generation_requests : IAsyncLifetime
{
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;
    private readonly ClaimCheckStore _repository = new(new InMemoryClaimCheckBackend(), ClaimCheckStore.RandomKey());

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Generation:ScriptTimeoutSeconds"] = "60" })
            .Build();
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IClaimCheckStore>(_repository)
            .AddGeneration(configuration)
            .AddMassTransitTestHarness(x => x.AddGenerationConsumers())
            .BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        _harness.TestTimeout = TimeSpan.FromSeconds(60);
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }

    private async Task AssertNoFaultAsync()
    {
        Assert.True(await _harness.Consumed.Any<GenerateScenario>());
        var fault = _harness.Published.Select<Fault<GenerateScenario>>().FirstOrDefault();
        Assert.True(fault is null, fault is null ? "" : string.Join(" | ", fault.Context.Message.Exceptions.Select(e => e.ExceptionType + ": " + e.Message)));
    }

    [SkippableFact]
    public async Task Should_publish_scenario_generated_with_readable_claim_checks()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var session = NewId.NextGuid();

        var nonce = Guid.NewGuid();
        await _harness.Bus.Publish(new GenerateScenario(session, "A stack of 3 blocks", 42, 4, 1, null, Nonce: nonce));

        await AssertNoFaultAsync();
        Assert.True(await _harness.Published.Any<ScenarioGenerated>(x => x.Context.Message.SessionId == session));
        var generated = _harness.Published.Select<ScenarioGenerated>().Single(x => x.Context.Message.SessionId == session).Context.Message;
        Assert.Equal("stack", generated.Family);
        Assert.Equal("block_3", generated.PayloadBody);
        Assert.Equal(5, generated.Variants.Count);
        Assert.InRange(generated.Difficulty, 0.0, 1.0);
        Assert.StartsWith("passed", generated.ValidationSummary);
        // The reply echoes the request's nonce, and every claim lies in this session's signed staging prefix.
        Assert.Equal(nonce, generated.Nonce);
        Assert.All(new[] { generated.Script, generated.Model, generated.Definition, generated.ValidationReport }
            .Concat(generated.Variants.Select(v => v.Model)), a => Assert.Null(_repository.Problem(session, a)));
        Assert.NotNull(_repository.Problem(NewId.NextGuid(), generated.Script));

        var script = await _repository.GetTextAsync(session, generated.Script);
        Assert.Contains("def build(seed", script);
        var model = await _repository.GetTextAsync(session, generated.Model);
        Assert.Contains("<freejoint", model);
        foreach (var variant in generated.Variants)
            Assert.Equal(variant.Sha256, ScriptValidation.Sha256(await _repository.GetTextAsync(session, variant.Model)));
        var benchmark = System.Text.Json.Nodes.JsonNode.Parse(await _repository.GetTextAsync(session, generated.Definition))!;
        Assert.Equal("stack", benchmark["provenance"]!["family"]!.GetValue<string>());
        Assert.Equal(Physics.Mujoco.Version, benchmark["provenance"]!["mujoco_version"]!.GetValue<string>());
        Assert.NotNull(benchmark["definition"]!["goal_zone"]);
        var report = Validation.ValidationReport.FromJson(await _repository.GetTextAsync(session, generated.ValidationReport));
        Assert.True(report.Passed);
        // The canonical run's reference replay travels as its own claim check (not inside validation.json) and fits the model.
        Assert.NotNull(generated.ReferenceTrajectory);
        Assert.Null(_repository.Problem(session, generated.ReferenceTrajectory));
        var trajectory = Physics.Trajectory.Parse(await _repository.GetTextAsync(session, generated.ReferenceTrajectory!));
        using (var compiled = Physics.MujocoModel.Compile(model))
            Assert.Equal(compiled.PositionCount, trajectory.PositionCount);
        Assert.True(trajectory.Samples.Count > 20, $"{trajectory.Samples.Count} samples");
        Assert.DoesNotContain("trajectory", await _repository.GetTextAsync(session, generated.ValidationReport), StringComparison.OrdinalIgnoreCase);

        Assert.True(await _harness.Published.Any<GenerationProgressed>(x => x.Context.Message.SessionId == session && x.Context.Message.Stage == "planning"));
        Assert.True(await _harness.Published.Any<GenerationProgressed>(x => x.Context.Message.SessionId == session && x.Context.Message.Stage == "coding"));
        Assert.True(await _harness.Published.Any<GenerationProgressed>(x => x.Context.Message.SessionId == session && x.Context.Message.Stage == "validating"));
    }

    [Fact]
    public async Task Should_reject_an_unsupported_prompt_naming_the_words_not_understood()
    {
        var session = NewId.NextGuid();

        await _harness.Bus.Publish(new GenerateScenario(session, "A bouncing castle", 1, 4, 1, null));

        await AssertNoFaultAsync();
        Assert.True(await _harness.Published.Any<GenerationFailed>(x => x.Context.Message.SessionId == session));
        var failed = _harness.Published.Select<GenerationFailed>().Single(x => x.Context.Message.SessionId == session).Context.Message;
        Assert.True(failed.Rejected);
        // The reason names what was not understood, not a list of everything the catalogue can build.
        Assert.StartsWith("not understood: 'bouncing', 'castle'", failed.Reason);
        Assert.True(failed.Reason.Length <= 300, failed.Reason);
        Assert.False(await _harness.Published.Any<ScenarioGenerated>(x => x.Context.Message.SessionId == session));
    }

    [Fact]
    public async Task Should_report_that_it_took_the_request_before_working_on_it()
    {
        // Issue 11, fault 6: the saga starts the stage's clock on this report, not when the request was queued.
        var session = NewId.NextGuid();
        var nonce = Guid.NewGuid();

        await _harness.Bus.Publish(new GenerateScenario(session, "A bouncing castle", 1, 4, 3, null, Nonce: nonce));

        Assert.True(await _harness.Published.Any<StageStarted>(x => x.Context.Message.SessionId == session));
        var started = _harness.Published.Select<StageStarted>().Single(x => x.Context.Message.SessionId == session).Context.Message;
        Assert.Equal(("generating", 3, nonce), (started.Stage, started.Attempt, started.Nonce));
        // Reported first: before the (rejecting) answer.
        var answered = _harness.Published.Select<GenerationFailed>().Single(x => x.Context.Message.SessionId == session);
        var reported = _harness.Published.Select<StageStarted>().Single(x => x.Context.Message.SessionId == session);
        Assert.True(reported.Context.SentTime <= answered.Context.SentTime);
    }

    [Fact]
    public async Task Should_answer_a_review_request_with_the_verdict()
    {
        var session = NewId.NextGuid();
        var bundle = await _repository.PutBytesAsync(session, Reviewing_preview_bundles.Bundle(Reviewing_preview_bundles.Scene, _ => 10));

        var nonce = Guid.NewGuid();
        await _harness.Bus.Publish(new ReviewScenario(session, 2, "A stack of 3 blocks", "stack", bundle, bundle, bundle, nonce));

        Assert.True(await _harness.Published.Any<ScenarioReviewed>(x => x.Context.Message.SessionId == session));
        var reviewed = _harness.Published.Select<ScenarioReviewed>().Single(x => x.Context.Message.SessionId == session).Context.Message;
        Assert.False(reviewed.Approved);
        Assert.Equal(2, reviewed.Attempt);
        Assert.Equal(nonce, reviewed.Nonce);
        Assert.Contains("hidden", reviewed.Feedback);
    }
}

/// <summary>A bug in generation is a fault (retried, then Fault&lt;GenerateScenario&gt;), never reported as a rejection.</summary>
public sealed class A_generation_bug : IAsyncLifetime
{
    private sealed class BrokenGenerator : IScenarioGenerator
    {
        public int Calls;

        public Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int? variants, string? reviewFeedback,
            Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default, Benchgen.Tasks.TaskSpec? spec = null)
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("a bug in the generator");
        }
    }

    private readonly BrokenGenerator _generator = new();
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IClaimCheckStore>(new ClaimCheckStore(new InMemoryClaimCheckBackend(), ClaimCheckStore.RandomKey()))
            .AddGeneration(new ConfigurationBuilder().Build())
            .AddSingleton<IScenarioGenerator>(_generator)
            .AddMassTransitTestHarness(x =>
            {
                x.AddGenerationConsumers();
                x.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(r => r.Immediate(2)));
            })
            .BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        _harness.TestTimeout = TimeSpan.FromSeconds(30);
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Is_retried_and_then_faults_instead_of_rejecting_the_prompt()
    {
        var session = NewId.NextGuid();
        await _harness.Bus.Publish(new GenerateScenario(session, "A stack of 3 blocks", 1, 1, 1, null));

        Assert.True(await _harness.Published.Any<Fault<GenerateScenario>>(x => x.Context.Message.Message.SessionId == session));
        var fault = _harness.Published.Select<Fault<GenerateScenario>>().First(x => x.Context.Message.Message.SessionId == session);
        Assert.Contains(fault.Context.Message.Exceptions, e => e.Message == "a bug in the generator");
        // The first try and both retries ran; nobody was told the prompt was rejected.
        Assert.Equal(3, _generator.Calls);
        Assert.False(await _harness.Published.Any<GenerationFailed>(x => x.Context.Message.SessionId == session));
    }
}
