using Benchgen.Contracts;
using Benchgen.Generation.Consumers;
using Benchgen.Generation.Tasks;
using Benchgen.Tasks;
using Benchgen.Hosting.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Generation.Tests;

/// <summary>Stands in for the embedded planner (TaskParser): the bowl-on-plate spec for any prompt, rejected when it says "spatula".</summary>
internal sealed class BowlOnPlatePlanner : ITaskPlanner
{
    public const string SpecJson = """{"spec":"benchgen.task/v1","prompt":"put the bowl on the plate","objects":[{"id":"bowl_1","kind":"bowl","label":"bowl"},{"id":"plate_1","kind":"plate","label":"plate"}],"goal":[{"predicate":"on","args":["bowl_1","plate_1"]}]}""";

    public Task<PlanResult> PlanAsync(string prompt, string? reviewFeedback = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(prompt)) throw new ArgumentException("the prompt is empty", nameof(prompt));
        var spatula = prompt.Contains("spatula", StringComparison.Ordinal);
        var spec = TaskSpecReader.Parse(SpecJson) with { Prompt = prompt, Unmapped = spatula ? ["spatula"] : [] };
        return Task.FromResult(new PlanResult(spec, spatula ? "not understood: 'spatula'" : null));
    }
}

/// <summary>Records the spec it was asked to generate, then refuses (nothing downstream is under test).</summary>
internal sealed class RecordingGenerator : IScenarioGenerator
{
    public List<TaskSpec?> Specs { get; } = [];

    public Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int? variants, string? reviewFeedback,
        Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default, TaskSpec? spec = null)
    {
        lock (Specs) Specs.Add(spec);
        throw new ArgumentException("recorded");
    }
}

public sealed class Consuming_plan_and_spec_requests : IAsyncLifetime
{
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;
    private readonly RecordingGenerator _generator = new();

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IClaimCheckStore>(new ClaimCheckStore(new InMemoryClaimCheckBackend(), ClaimCheckStore.RandomKey()))
            .AddSingleton<ITaskPlanner, BowlOnPlatePlanner>()
            .AddSingleton<IScenarioGenerator>(_generator)
            .AddGeneration(new ConfigurationBuilder().Build())
            .AddMassTransitTestHarness(x =>
            {
                x.AddGenerationConsumers();
                // PlanTaskConsumer belongs in AddGenerationConsumers; add it here only while it is not registered there.
                if (!x.Any(d => d.ServiceType == typeof(PlanTaskConsumer))) x.AddConsumer<PlanTaskConsumer>();
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

    private async Task<TaskPlanned> PlanAsync(string prompt)
    {
        var client = _harness.GetRequestClient<PlanTask>();
        return (await client.GetResponse<TaskPlanned>(new PlanTask(NewId.NextGuid(), prompt))).Message;
    }

    [Fact]
    public async Task Should_answer_a_plan_request_with_the_planners_spec()
    {
        var planned = await PlanAsync("put the bowl on the plate");

        Assert.Null(planned.Rejection);
        var spec = TaskSpecReader.Parse(planned.Spec);
        Assert.Equal("on(bowl_1, plate_1)", spec.DescribeGoal());
        Assert.Equal("put the bowl on the plate", spec.Prompt);
    }

    [Fact]
    public async Task Should_answer_the_planners_rejection_with_its_spec()
    {
        var planned = await PlanAsync("put the spatula on the plate");

        Assert.Equal("not understood: 'spatula'", planned.Rejection);
        Assert.Equal(["spatula"], TaskSpecReader.Parse(planned.Spec).Unmapped);
    }

    [Fact]
    public async Task Should_answer_an_empty_prompt_with_a_rejection_instead_of_a_fault()
    {
        var planned = await PlanAsync("   ");

        Assert.Contains("empty", planned.Rejection);
        Assert.False(await _harness.Published.Any<Fault<PlanTask>>());
    }

    [Fact]
    public async Task Should_reject_an_invalid_spec_with_the_json_path_of_each_error_before_generating()
    {
        var session = NewId.NextGuid();
        var broken = BowlOnPlatePlanner.SpecJson.Replace("\"kind\":\"bowl\"", "\"kind\":\"spatula\"").Replace("\"plate_1\"]", "\"pan_1\"]");

        await _harness.Bus.Publish(new GenerateScenario(session, "put the spatula on the pan", 1, 4, 1, null, broken));

        Assert.True(await _harness.Published.Any<GenerationFailed>(x => x.Context.Message.SessionId == session));
        var failed = _harness.Published.Select<GenerationFailed>().Single(x => x.Context.Message.SessionId == session).Context.Message;
        Assert.True(failed.Rejected);
        Assert.StartsWith("the spec is invalid: ", failed.Reason);
        Assert.Contains("$.objects[0].kind", failed.Reason);
        Assert.InRange(failed.Reason.Length, 1, 1000);
        lock (_generator.Specs) Assert.Empty(_generator.Specs);
    }

    [Fact]
    public async Task Should_pass_a_valid_spec_to_the_generator()
    {
        var session = NewId.NextGuid();

        await _harness.Bus.Publish(new GenerateScenario(session, "put the bowl on the plate", 1, 4, 1, null, BowlOnPlatePlanner.SpecJson));

        Assert.True(await _harness.Published.Any<GenerationFailed>(x => x.Context.Message.SessionId == session));
        lock (_generator.Specs) Assert.Equal("on(bowl_1, plate_1)", Assert.Single(_generator.Specs)!.DescribeGoal());
    }

    [Fact]
    public void Should_cut_a_long_rejection_to_1000_characters()
    {
        var errors = Enumerable.Range(0, 200).Select(i => $"$.objects[{i}].kind: unknown kind 'spatula'").ToArray();

        var reason = GenerateScenarioConsumer.SpecRejection(new TaskSpecException("many", errors));

        Assert.Equal(1000, reason.Length);
        Assert.StartsWith("the spec is invalid: $.objects[0].kind", reason);
    }
}
