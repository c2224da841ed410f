using Benchgen.Generation.Llm;
using Benchgen.Generation.Planning;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Generation.Tests.Llm;

public sealed class Planning_with_an_llm
{
    private static Task Ignore(string stage, string message) => Task.CompletedTask;

    [Fact]
    public async Task Should_send_the_parse_error_back_and_accept_the_corrected_plan()
    {
        await using var server = await FakeOpenAiServer.StartAsync("Sure! The scene is a tower of blocks.", LlmTestSupport.StackPlanReply());
        using var clients = LlmChatClients.Create(LlmTestSupport.Options(server.Endpoint));
        var planner = new LlmPlanner(clients, Options.Create(LlmTestSupport.Options(server.Endpoint)));

        var plan = await planner.PlanAsync(LlmTestSupport.StackPrompt, null, Ignore, CancellationToken.None);

        Assert.Equal("stack", plan.Family);
        Assert.Equal(3, plan.Count);
        Assert.Equal("block_2", plan.PayloadBody);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("contains no JSON object", FakeOpenAiServer.MessagesText(server.Requests[1]));
    }

    [Fact]
    public async Task Should_fail_naming_the_missing_fields_when_the_plan_stays_invalid()
    {
        await using var server = await FakeOpenAiServer.StartAsync("{\"family\": \"stack\"}", "{\"family\": \"stack\", \"count\": 3}");
        using var clients = LlmChatClients.Create(LlmTestSupport.Options(server.Endpoint));
        var planner = new LlmPlanner(clients, Options.Create(LlmTestSupport.Options(server.Endpoint)));

        var error = await Assert.ThrowsAsync<LlmReplyException>(() => planner.PlanAsync(LlmTestSupport.StackPrompt, null, Ignore, CancellationToken.None));

        Assert.Contains("gave no valid plan in 2 attempt(s)", error.Message);
        Assert.Contains("shape", error.Message);
        Assert.Contains("free_bodies is missing", error.Message);
        Assert.DoesNotContain("count is missing", error.Message);
    }

    [Fact]
    public async Task Should_refuse_an_empty_prompt_before_calling_the_model()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var clients = LlmChatClients.Create(LlmTestSupport.Options(server.Endpoint));
        var planner = new LlmPlanner(clients, Options.Create(LlmTestSupport.Options(server.Endpoint)));

        await Assert.ThrowsAsync<ArgumentException>(() => planner.PlanAsync("  ", null, Ignore, CancellationToken.None));
        Assert.Empty(server.Requests);
    }
}

public sealed class Reading_llm_plans
{
    [Fact]
    public void Should_round_trip_the_catalogue_plan()
    {
        var original = TestSupport.Parser.Parse("A tower of five red steel cylinders");

        var parsed = LlmPlanSchema.Parse(LlmPlanSchema.Write(original).ToJsonString(), original.Prompt);

        Assert.Equal(original.Family, parsed.Family);
        Assert.Equal(original.Count, parsed.Count);
        Assert.Equal(original.Shape, parsed.Shape);
        Assert.Equal(original.Size, parsed.Size);
        Assert.Equal(original.Colour, parsed.Colour);
        Assert.Equal(original.Rgba, parsed.Rgba);
        Assert.Equal(original.Material, parsed.Material);
        Assert.Equal(original.Arrangement, parsed.Arrangement);
        Assert.Equal(original.WorkspaceHalfExtent, parsed.WorkspaceHalfExtent);
        Assert.Equal(original.Ranges.OrderBy(r => r.Key), parsed.Ranges.OrderBy(r => r.Key));
        Assert.Equal(original.FreeBodies, parsed.FreeBodies);
        Assert.Equal(original.PayloadBody, parsed.PayloadBody);
        Assert.True(parsed.MustSettle);
        Assert.Empty(parsed.ExpectedJoints);
    }

    [Fact]
    public void Should_read_joints_and_settling_from_a_fenced_reply()
    {
        const string reply = """
            Here is the plan:
            ```json
            {"family": "Hinged Door", "count": 1, "shape": "box", "size": "big", "colour": "blue", "rgba": null,
             "material": {"name": "Wood", "density": 700, "friction": 0.6}, "arrangement": "upright",
             "workspace_half_extent": 0.8, "ranges": {"door_width": [0.3, 0.7]}, "free_bodies": [],
             "payload_body": "door", "expected_joints": {"hinge": 1}, "must_settle": false}
            ```
            """;

        var plan = LlmPlanSchema.Parse(reply, "A big blue door on hinges");

        Assert.Equal("hinged_door", plan.Family);
        Assert.Equal(SizeClass.Large, plan.Size);
        Assert.Equal("wood", plan.Material.Name);
        Assert.NotNull(plan.Rgba);
        Assert.Equal(new Dictionary<string, int> { ["Hinge"] = 1 }, plan.ExpectedJoints);
        Assert.False(plan.MustSettle);
        Assert.Empty(plan.FreeBodies);
        Assert.Equal(new ParameterRange(0.3, 0.7), plan.Ranges["door_width"]);
    }

    [Theory]
    [InlineData("{\"family\": \"stack\", \"count\": 3, \"shape\": \"pyramid\"", "not valid JSON")]
    [InlineData("[1, 2]", "no JSON object")]
    [InlineData("{\"family\": \"stack\", \"count\": 0, \"shape\": \"cone\", \"size\": \"medium\", \"material\": {\"name\": \"wood\", \"density\": -1, \"friction\": 0.5}, \"arrangement\": \"aligned\", \"workspace_half_extent\": 0.6, \"ranges\": {\"a\": [2, 1]}, \"free_bodies\": [\"b\", \"b\"], \"payload_body\": \"b\", \"expected_joints\": {\"spring\": 1}, \"must_settle\": \"yes\"}",
        "count 0 is outside")]
    public void Should_reject_malformed_plans_with_the_reason(string reply, string reason)
    {
        var error = Assert.Throws<LlmReplyException>(() => LlmPlanSchema.Parse(reply, "A stack of 3 blocks"));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Should_name_every_wrong_field_at_once()
    {
        const string reply = "{\"family\": \"stack\", \"count\": 3, \"shape\": \"cone\", \"size\": \"medium\", \"material\": {\"name\": \"wood\", \"density\": -1, \"friction\": 0.5}, \"arrangement\": \"aligned\", \"workspace_half_extent\": 0.6, \"ranges\": {\"a\": [2, 1]}, \"free_bodies\": [\"b\", \"b\"], \"payload_body\": \"b\", \"expected_joints\": {\"spring\": 1}, \"must_settle\": \"yes\"}";

        var error = Assert.Throws<LlmReplyException>(() => LlmPlanSchema.Parse(reply, "A stack of 3 blocks"));

        foreach (var reason in new[] { "shape \"cone\"", "material.density -1", "ranges.a", "duplicate", "spring", "must_settle" })
            Assert.Contains(reason, error.Message);
    }
}

public sealed class Extracting_scripts_from_coder_replies
{
    private const string Script = "import sys\n\ndef build(seed, scale=1.0):\n    return '<mujoco/>'\n\ndef definition(seed, scale=1.0):\n    return {}\n";

    [Fact]
    public void Should_take_the_python_block_that_defines_build()
    {
        var reply = $"First a helper:\n```python\nprint('hi')\n```\nThe script:\n```python\n{Script}```\nDone.";

        Assert.Equal(Script, LlmCode.ExtractPython(reply));
    }

    [Fact]
    public void Should_take_a_bare_script_and_an_unterminated_block()
    {
        Assert.Equal(Script, LlmCode.ExtractPython(Script));
        Assert.Equal(Script, LlmCode.ExtractPython("```py\n" + Script));
    }

    [Fact]
    public void Should_find_no_script_in_prose()
    {
        Assert.Null(LlmCode.ExtractPython("I would define build(seed) to return MJCF."));
        Assert.Null(LlmCode.ExtractPython("```json\n{\"a\": 1}\n```"));
    }
}
