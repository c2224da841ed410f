using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Benchgen.Generation.Tests.Llm;

/// <summary>
/// A local OpenAI-compatible chat server on 127.0.0.1: answers POST /v1/chat/completions with the next canned reply
/// (or from a responder) and records every request body.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<JsonObject, int, string> _responder;
    private readonly List<JsonObject> _requests = [];

    private FakeOpenAiServer(WebApplication app, Func<JsonObject, int, string> responder)
    {
        _app = app;
        _responder = responder;
    }

    /// <summary>The base URL to configure as Generation:Llm:Endpoint (…/v1).</summary>
    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<JsonObject> Requests
    {
        get { lock (_requests) return _requests.ToArray(); }
    }

    public static Task<FakeOpenAiServer> StartAsync(params string[] replies) =>
        StartAsync((_, index) => index < replies.Length
            ? replies[index]
            : throw new InvalidOperationException($"the fake LLM server got request {index + 1} but has only {replies.Length} replies"));

    public static async Task<FakeOpenAiServer> StartAsync(Func<JsonObject, int, string> responder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app, responder);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = address.TrimEnd('/') + "/v1";
        return server;
    }

    private async Task<IResult> CompleteAsync(HttpRequest request)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Add(body);
        }
        string content;
        try
        {
            content = _responder(body, index);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = ex.Message, ["type"] = "invalid_request_error" } },
                statusCode: 400);
        }
        var response = new JsonObject
        {
            ["id"] = $"chatcmpl-{index + 1}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000 + index,
            ["model"] = body["model"]?.GetValue<string>() ?? "test-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
        };
        return Results.Content(response.ToJsonString(), "application/json");
    }

    /// <summary>The text of every message of a recorded request, joined (string content or the text parts of a content list).</summary>
    public static string MessagesText(JsonObject request) =>
        string.Join("\n", (request["messages"] as JsonArray ?? []).Select(m => m?["content"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Join("\n", parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
            _ => "",
        }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
