namespace Benchgen.Generation.Llm;

/// <summary>
/// Settings bound from <c>Generation:Llm</c>. The LLM backend replaces the catalogue planner, coder and reviewer only
/// when <see cref="Endpoint"/> is set; otherwise the embedded catalogue stays in charge.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Generation:Llm";

    /// <summary>Base URL of an OpenAI-compatible API, including the version path (https://api.openai.com/v1, http://localhost:11434/v1).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Chat model used by the planner and the coder.</summary>
    public string Model { get; set; } = "";

    /// <summary>Sent as the bearer token; local servers (Ollama, vLLM) usually accept any value, so it may be empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model the reviewer sends the contact sheet to; defaults to <see cref="Model"/>.</summary>
    public string? VisionModel { get; set; }

    /// <summary>Planner attempts: a reply that is not a valid TaskSpec is sent back with its JSON-path errors until this runs out.</summary>
    public int MaxPlannerAttempts { get; set; } = 2;

    /// <summary>Network timeout for one chat request.</summary>
    public int TimeoutSeconds { get; set; } = 180;

    /// <summary>Sampling temperature; low keeps plans and scripts close to the instructions.</summary>
    public float Temperature { get; set; } = 0.2f;

    /// <summary>
    /// Ask for <c>response_format: json_object</c> on plan and review requests. OpenAI, Ollama and vLLM support it;
    /// turn it off for servers that reject the field (the reply is still parsed as JSON).
    /// </summary>
    public bool JsonResponseFormat { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    public string EffectiveVisionModel => string.IsNullOrWhiteSpace(VisionModel) ? Model : VisionModel;
}
