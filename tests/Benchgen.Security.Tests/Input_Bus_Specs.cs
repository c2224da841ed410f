using Microsoft.Extensions.Configuration;
using Benchgen.PromptIntake;
using Benchgen.Hosting.Messaging;
using Benchgen.Contracts;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// A <c>SubmitPrompt</c> published straight to the bus (no API in front): the saga applies the same rules and keeps
/// only a bounded, escaped record of what it refused.
/// </summary>
public sealed class Input_Bus_Specs : IAsyncLifetime
{
    ServiceProvider provider = null!;
    ITestHarness harness = null!;
    ISagaStateMachineTestHarness<GenerationSessionStateMachine, GenerationSession> saga = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IClaimCheckBackend, InMemoryClaimCheckBackend>();
        services.AddSessionReplyChecks(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDir"] = Path.Combine(Path.GetTempPath(), "benchgen-input-bus-" + Guid.NewGuid().ToString("N")),
        }).Build());
        provider = services
            .Configure<SessionOptions>(o => { o.MaxAttempts = 2; o.StageTimeoutSeconds = 60; })
            .AddMassTransitTestHarness(x =>
            {
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
                x.AddSagaStateMachine<GenerationSessionStateMachine, GenerationSession>().InMemoryRepository();
            })
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        saga = harness.GetSagaStateMachineHarness<GenerationSessionStateMachine, GenerationSession>();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
    }

    async Task<GenerationSession> RejectedAsync(Guid id)
    {
        Assert.NotNull(await saga.Exists(id, x => x.Rejected));
        return saga.Sagas.Contains(id)!;
    }

    [Theory]
    [MemberData(nameof(InputCases.Names), MemberType = typeof(InputCases))]
    public async Task Each_bad_submission_of_the_table_is_rejected_with_the_rules_reason_and_never_generated(string name)
    {
        var c = InputCases.Named(name);
        if (c.Seed is > int.MaxValue or < int.MinValue || c.Variants is > int.MaxValue or < int.MinValue)
        {
            return; // Not expressible in the contract's int fields: the deserializer refuses it before the saga.
        }

        var id = NewId.NextGuid();
        await harness.Bus.Publish(new SubmitPrompt(id, c.Prompt, (int?)c.Seed, (int?)c.Variants, null, DateTime.UtcNow));

        var session = await RejectedAsync(id);
        Assert.Equal("the submission was refused: " + c.Reason, session.FailureReason);
        Assert.True(session.Prompt.Length <= 260, $"stored prompt of {session.Prompt.Length} characters");
        Assert.DoesNotContain(session.Prompt, ch => char.IsControl(ch));
        Assert.Null(session.Spec);
        Assert.True(await PublishedEventually<GenerationSessionFailed>(m => m.SessionId == id && m.State == "Rejected"));
        Assert.DoesNotContain(harness.Published.Select<GenerateScenario>(), x => x.Context.Message.SessionId == id);
    }

    [Fact]
    public async Task A_one_megabyte_NUL_prompt_is_stored_only_as_a_bounded_escaped_record()
    {
        var id = NewId.NextGuid();
        var prompt = "A stack\0 of 3 blocks\n" + new string('\0', 1_000_000);
        await harness.Bus.Publish(new SubmitPrompt(id, prompt, 1, 1, null, DateTime.UtcNow));

        var session = await RejectedAsync(id);
        Assert.StartsWith("A stack\\u0000 of 3 blocks\\n", session.Prompt);
        Assert.Contains("1000021 characters", session.Prompt);
        Assert.True(session.Prompt.Length < 260);
        Assert.DoesNotContain('\0', session.Prompt);
        Assert.All(session.Checkpoints, cp => Assert.True(cp.Message.Length <= 501));
    }

    [Fact]
    public async Task A_spec_over_64_KB_is_refused_and_not_kept()
    {
        var id = NewId.NextGuid();
        await harness.Bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", 1, 1, null, DateTime.UtcNow, "{\"x\": \"" + new string('a', 70_000) + "\"}"));

        var session = await RejectedAsync(id);
        Assert.Null(session.Spec);
        Assert.Contains("the spec has", session.FailureReason);
    }

    [Fact]
    public async Task An_all_zero_batch_id_is_refused()
    {
        var id = NewId.NextGuid();
        await harness.Bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", 1, 1, Guid.Empty, DateTime.UtcNow));

        var session = await RejectedAsync(id);
        Assert.Null(session.BatchId);
        Assert.Contains("batch id", session.FailureReason);
    }

    [Fact]
    public async Task A_good_submission_still_generates_with_its_variant_count_as_given()
    {
        var id = NewId.NextGuid();
        await harness.Bus.Publish(new SubmitPrompt(id, "A stack of 3 blocks", 5, 32, null, DateTime.UtcNow));

        Assert.True(await PublishedEventually<GenerateScenario>(m => m.SessionId == id && m.Variants == 32 && m.Seed == 5));
    }

    async Task<bool> PublishedEventually<T>(Func<T, bool> match) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (harness.Published.Select<T>().Any(x => match(x.Context.Message)))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
