using System.Text.Json.Nodes;
using Benchgen.Generation.Llm;
using Benchgen.Generation.Review;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Generation.Tests.Llm;

public sealed class Reviewing_with_a_vision_model
{
    private static readonly byte[] ContactSheet = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3, 4, 5];

    private static ReviewRequest Request() => new("A stack of 3 blocks", "stack", [], ContactSheet,
        """{"definition": {"payload": {"body": "block_2"}, "goal_zone": {"min": [0, 0, 0], "max": [1, 1, 1]}}}""");

    private static async Task<(ReviewVerdict Verdict, JsonObject Request)> ReviewAsync(string reply)
    {
        await using var server = await FakeOpenAiServer.StartAsync(reply);
        var options = LlmTestSupport.Options(server.Endpoint);
        using var clients = LlmChatClients.Create(options);
        var verdict = await new LlmReviewer(clients, Options.Create(options)).ReviewAsync(Request(), CancellationToken.None);
        return (verdict, Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Should_approve_when_the_model_approves_and_send_the_contact_sheet_as_an_image()
    {
        var (verdict, request) = await ReviewAsync("""{"approved": true, "feedback": "three blocks, payload clearly visible", "problems": []}""");

        Assert.True(verdict.Approved);
        Assert.Equal("approved: three blocks, payload clearly visible", verdict.Feedback);
        Assert.Equal("test-vision", request["model"]?.GetValue<string>());
        var parts = request["messages"]!.AsArray().SelectMany(m => m?["content"] as JsonArray ?? []).ToArray();
        var image = Assert.Single(parts, p => p?["type"]?.GetValue<string>() == "image_url");
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(ContactSheet), image!["image_url"]!["url"]!.GetValue<string>());
        Assert.Contains(parts, p => p?["text"]?.GetValue<string>().Contains("A stack of 3 blocks", StringComparison.Ordinal) == true);
        Assert.Contains(parts, p => p?["text"]?.GetValue<string>().Contains("block_2", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Should_reject_with_the_models_feedback()
    {
        var (verdict, _) = await ReviewAsync("""{"approved": false, "feedback": "the payload is hidden behind the tower", "problems": ["payload hidden"]}""");

        Assert.False(verdict.Approved);
        Assert.Equal("rejected: the payload is hidden behind the tower", verdict.Feedback);
        Assert.Equal(["payload hidden"], verdict.Problems);
    }

    [Theory]
    [InlineData("Looks great to me!")]
    [InlineData("{\"approved\": \"maybe\"}")]
    public async Task Should_reject_an_unreadable_verdict_with_the_reason(string reply)
    {
        var (verdict, _) = await ReviewAsync(reply);

        Assert.False(verdict.Approved);
        Assert.StartsWith("rejected: the vision reviewer", verdict.Feedback);
    }

    [Fact]
    public async Task Should_reject_without_a_model_call_when_there_is_no_contact_sheet()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var options = LlmTestSupport.Options(server.Endpoint);
        using var clients = LlmChatClients.Create(options);

        var verdict = await new LlmReviewer(clients, Options.Create(options))
            .ReviewAsync(Request() with { ContactSheet = [] }, CancellationToken.None);

        Assert.False(verdict.Approved);
        Assert.Contains("no contact sheet", verdict.Feedback);
        Assert.Empty(server.Requests);
    }
}
