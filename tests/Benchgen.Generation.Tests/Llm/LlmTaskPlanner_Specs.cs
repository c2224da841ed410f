using Benchgen.Generation.Llm;
using Benchgen.Generation.Tasks;
using Benchgen.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Generation.Tests.Llm;

public sealed class Planning_task_specs_with_an_llm
{
    private const string Prompt = "put the bowl on the plate";

    private const string BowlOnPlate = """{"spec":"benchgen.task/v1","prompt":"put the bowl on the plate","objects":[{"id":"bowl_1","kind":"bowl","label":"bowl"},{"id":"plate_1","kind":"plate","label":"plate"}],"goal":[{"predicate":"on","args":["bowl_1","plate_1"]}],"tier":1,"understood":["put","bowl","on","plate"],"unmapped":[]}""";

    /// <summary>An unknown kind and a goal argument naming no object.</summary>
    private const string Broken = """{"spec":"benchgen.task/v1","objects":[{"id":"bowl_1","kind":"salad_bowl","label":"bowl"}],"goal":[{"predicate":"on","args":["bowl_1","plate_1"]}]}""";

    private static LlmTaskPlanner Planner(FakeOpenAiServer server, out LlmChatClients clients)
    {
        var options = LlmTestSupport.Options(server.Endpoint);
        clients = LlmChatClients.Create(options);
        return new LlmTaskPlanner(clients, Options.Create(options));
    }

    [Fact]
    public async Task Should_turn_a_valid_reply_into_the_spec()
    {
        await using var server = await FakeOpenAiServer.StartAsync("Here it is:\n```json\n" + BowlOnPlate + "\n```");
        var planner = Planner(server, out var clients);
        using var _ = clients;

        var result = await planner.PlanAsync(Prompt);

        Assert.True(result.Accepted);
        Assert.Equal("on(bowl_1, plate_1)", result.Spec.DescribeGoal());
        Assert.Equal(["bowl", "plate"], result.Spec.Objects.Select(o => o.Kind));
        Assert.Equal(Prompt, result.Spec.Prompt);
        var request = Assert.Single(server.Requests);
        var system = FakeOpenAiServer.MessagesText(request);
        Assert.Contains("\"$defs\"", system);
        Assert.Contains("- cabinet (fixture, fixed)", system);
        Assert.Contains("drawer_top, drawer_middle, drawer_bottom", system);
        Assert.Contains("- microwave (fixture, fixed): a microwave with a hinged door; anchors top, inside; parts door", system);
        Assert.Contains(LlmTaskPlanner.Example.ToJson(indented: false), system);
        Assert.Contains($"Prompt: {Prompt}", system);
    }

    [Fact]
    public async Task Should_feed_the_json_paths_back_once_and_accept_the_corrected_spec()
    {
        await using var server = await FakeOpenAiServer.StartAsync(Broken, BowlOnPlate);
        var planner = Planner(server, out var clients);
        using var _ = clients;

        var result = await planner.PlanAsync(Prompt);

        Assert.Equal("on(bowl_1, plate_1)", result.Spec.DescribeGoal());
        Assert.Equal(2, server.Requests.Count);
        var feedback = FakeOpenAiServer.MessagesText(server.Requests[1]);
        Assert.Contains("- $.objects[0].kind: unknown kind 'salad_bowl'", feedback);
        Assert.Contains(Broken, feedback);
    }

    [Fact]
    public async Task Should_fail_after_two_invalid_replies_naming_the_paths()
    {
        await using var server = await FakeOpenAiServer.StartAsync(Broken, "no JSON here, sorry");
        var planner = Planner(server, out var clients);
        using var _ = clients;

        var error = await Assert.ThrowsAsync<LlmReplyException>(() => planner.PlanAsync(Prompt));

        Assert.Contains("gave no valid TaskSpec in 2 attempt(s)", error.Message);
        Assert.Contains("contains no JSON object", error.Message);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("$.objects[0].kind", FakeOpenAiServer.MessagesText(server.Requests[1]));
    }

    [Fact]
    public async Task Should_reject_a_spec_with_unmapped_words_naming_them()
    {
        var reply = BowlOnPlate.Replace("\"unmapped\":[]", "\"unmapped\":[\"spatula\",\"silhouettes\"]");
        await using var server = await FakeOpenAiServer.StartAsync(reply);
        var planner = Planner(server, out var clients);
        using var _ = clients;

        var result = await planner.PlanAsync("put the bowl on the plate with a spatula by the silhouettes");

        Assert.False(result.Accepted);
        Assert.Equal("not understood: 'spatula', 'silhouettes'", result.Rejection);
    }

    [Fact]
    public async Task Should_refuse_an_empty_prompt_before_calling_the_model()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var planner = Planner(server, out var clients);
        using var _ = clients;

        await Assert.ThrowsAsync<ArgumentException>(() => planner.PlanAsync("  "));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Should_show_the_model_a_worked_example_that_reads_as_a_valid_spec()
    {
        var example = TaskSpecReader.Parse(LlmTaskPlanner.Example.ToJson());

        Assert.Equal("in(bowl_1, cabinet_1.drawer_bottom), closed(cabinet_1.drawer_bottom)", example.DescribeGoal());
    }

    [Fact]
    public void Should_be_the_task_planner_when_an_endpoint_is_configured()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddGeneration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Generation:Llm:Endpoint"] = "http://127.0.0.1:11434/v1",
                ["Generation:Llm:Model"] = "llama3.1",
            }).Build())
            .BuildServiceProvider(true);

        Assert.IsType<LlmTaskPlanner>(provider.GetRequiredService<ITaskPlanner>());
    }
}
