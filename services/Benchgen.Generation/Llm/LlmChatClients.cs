using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Benchgen.Generation.Llm;

/// <summary>The chat clients of the LLM backend: one for the planner and coder, one (maybe another model) for the reviewer.</summary>
public sealed class LlmChatClients(IChatClient text, string textModel, IChatClient vision, string visionModel) : IDisposable
{
    public IChatClient Text { get; } = text;
    public string TextModel { get; } = textModel;
    public IChatClient Vision { get; } = vision;
    public string VisionModel { get; } = visionModel;

    /// <summary>Clients for an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, ...) through Microsoft.Extensions.AI.</summary>
    /// <exception cref="InvalidOperationException">The endpoint or model is missing or malformed; the message names the setting.</exception>
    public static LlmChatClients Create(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new InvalidOperationException(
                $"{LlmOptions.SectionName}:Endpoint \"{options.Endpoint}\" is not an http(s) URL; use the API base including /v1, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.");
        if (string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException(
                $"{LlmOptions.SectionName}:Model is empty; set the chat model the endpoint serves (e.g. gpt-4o-mini, llama3.1, Qwen/Qwen2.5-Coder-32B-Instruct).");

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)),
        };
        // Local servers ignore the key, but the client refuses an empty credential.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        var client = new OpenAIClient(new ApiKeyCredential(key), clientOptions);
        var visionModel = options.EffectiveVisionModel;
        return new LlmChatClients(
            client.GetChatClient(options.Model).AsIChatClient(), options.Model,
            client.GetChatClient(visionModel).AsIChatClient(), visionModel);
    }

    public void Dispose()
    {
        Text.Dispose();
        if (!ReferenceEquals(Vision, Text)) Vision.Dispose();
    }
}
