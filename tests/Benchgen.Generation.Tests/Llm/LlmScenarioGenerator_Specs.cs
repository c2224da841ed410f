using System.Text.Json.Nodes;
using Benchgen.Generation.Llm;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests.Llm;

public sealed class Generating_with_an_llm_coder_that_fails_validation_once(ITestOutputHelper output)
{
    private Task Log(string stage, string message)
    {
        output.WriteLine($"{stage}: {message}");
        return Task.CompletedTask;
    }

    private static string LastUserMessage(JsonObject request) =>
        (request["messages"] as JsonArray)!.Last(m => m?["role"]?.GetValue<string>() == "user")!["content"] switch
        {
            JsonValue v => v.GetValue<string>(),
            var other => other?.ToJsonString() ?? "",
        };

    [SkippableFact]
    public async Task Should_send_the_validation_failures_back_and_accept_the_second_script()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var good = LlmTestSupport.GoodStackScript();
        await using var server = await FakeOpenAiServer.StartAsync(
            LlmTestSupport.StackPlanReply(),
            LlmTestSupport.Fenced(LlmTestSupport.ScriptWithoutGoalZone()),
            LlmTestSupport.Fenced(good, "Fixed: the definition now has its goal zone."));
        var (generator, clients) = LlmTestSupport.Generator(LlmTestSupport.Options(server.Endpoint));
        using var _ = clients;
        var checkpoints = new List<(string Stage, string Message)>();

        var scenario = await generator.GenerateAsync(LlmTestSupport.StackPrompt, 42, 1, null, (stage, message) =>
        {
            checkpoints.Add((stage, message));
            return Log(stage, message);
        });

        // One planner request, then exactly two coder attempts.
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains(LlmTestSupport.StackPrompt, FakeOpenAiServer.MessagesText(server.Requests[0]));
        Assert.Equal("json_object", server.Requests[0]["response_format"]?["type"]?.GetValue<string>());
        Assert.Contains("block_2", LastUserMessage(server.Requests[1]));

        // The second coder prompt carries the first attempt's validation failure (the missing goal zone).
        var feedback = LastUserMessage(server.Requests[2]);
        output.WriteLine(feedback);
        Assert.Contains("Attempt 1 failed validation", feedback);
        Assert.Contains("goal_zone", feedback);
        Assert.Contains("- definition:", feedback);

        Assert.Equal(good, scenario.Script.Source);
        Assert.True(scenario.Report.Passed, scenario.Report.Summary);
        Assert.Equal("stack", scenario.Plan.Family);
        Assert.Contains("llm:test-coder", scenario.Script.GeneratorVersion);
        Assert.Contains("llm:test-coder", scenario.BenchmarkJson);
        var provenance = System.Text.Json.Nodes.JsonNode.Parse(scenario.BenchmarkJson)!["provenance"]!;
        Assert.Equal("llm", provenance["backend"]!.GetValue<string>());
        Assert.Equal("test-coder", provenance["llm_model"]!.GetValue<string>());

        Assert.Contains(checkpoints, c => c.Stage == "planning" && c.Message.Contains("family stack", StringComparison.Ordinal));
        Assert.Contains(checkpoints, c => c.Stage == "coding" && c.Message.StartsWith("coder attempt 1/3", StringComparison.Ordinal));
        Assert.Contains(checkpoints, c => c.Stage == "coding" && c.Message.StartsWith("coder attempt 2/3", StringComparison.Ordinal));
        Assert.Contains(checkpoints, c => c.Stage == "validating" && c.Message.StartsWith("coder attempt 1/3 rejected", StringComparison.Ordinal));
        Assert.Contains(checkpoints, c => c.Stage == "validating" && c.Message == "coder attempt 2/3 accepted");
        Assert.DoesNotContain(checkpoints, c => c.Message.Contains("attempt 3/3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_reject_with_the_last_failure_when_the_coder_attempts_run_out()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            LlmTestSupport.StackPlanReply(), "I cannot write that script.", "Still no script, sorry.");
        var (generator, clients) = LlmTestSupport.Generator(LlmTestSupport.Options(server.Endpoint, o => o.MaxCoderAttempts = 2));
        using var _ = clients;
        var checkpoints = new List<string>();

        var rejected = await Assert.ThrowsAsync<ScenarioRejectedException>(() => generator.GenerateAsync(
            LlmTestSupport.StackPrompt, 7, 1, null, (_, message) => { checkpoints.Add(message); return Task.CompletedTask; }));

        Assert.Equal(3, server.Requests.Count);
        Assert.False(rejected.Report.Passed);
        Assert.Contains("2 attempt(s)", rejected.Message);
        Assert.Contains("no ```python block", rejected.Message);
        Assert.Contains("Attempt 1 was rejected", LastUserMessage(server.Requests[2]));
        Assert.Contains(checkpoints, m => m.StartsWith("coder attempt 2/2 rejected", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Should_send_review_feedback_to_the_planner_and_the_coder()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        await using var server = await FakeOpenAiServer.StartAsync(
            LlmTestSupport.StackPlanReply(), LlmTestSupport.Fenced(LlmTestSupport.GoodStackScript()));
        var (generator, clients) = LlmTestSupport.Generator(LlmTestSupport.Options(server.Endpoint));
        using var _ = clients;

        await generator.GenerateAsync(LlmTestSupport.StackPrompt, 3, 1, "rejected: the payload is hidden behind the tower", Log);

        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("the payload is hidden behind the tower", LastUserMessage(server.Requests[0]));
        Assert.Contains("the payload is hidden behind the tower", LastUserMessage(server.Requests[1]));
    }
}
