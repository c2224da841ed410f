using Benchgen.Generation.Planning;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Llm;

/// <summary>Asks the model for a plan in the catalogue's plan schema and reads it strictly (<see cref="LlmPlanSchema"/>).</summary>
public sealed class LlmPlanner(LlmChatClients clients, IOptions<LlmOptions> options)
{
    private readonly LlmOptions _options = options.Value;

    public static string SystemPrompt { get; } = BuildSystemPrompt();

    /// <exception cref="ArgumentException">The prompt is empty or too long (same rule as the catalogue planner).</exception>
    /// <exception cref="LlmReplyException">No reply within the allowed attempts was a valid plan; carries the last parse error.</exception>
    public async Task<ScenarioPlan> PlanAsync(string prompt, string? reviewFeedback, Func<string, string, Task> progress, CancellationToken cancellationToken)
    {
        var text = PromptText.From(prompt);
        var user = $"Prompt: {text.Original}";
        if (!string.IsNullOrWhiteSpace(reviewFeedback))
            user += $"\n\nA reviewer rejected the previous attempt at this prompt: {reviewFeedback}\nKeep the plan faithful to the prompt; adjust it only where the feedback requires.";
        List<ChatMessage> conversation = [new(ChatRole.System, SystemPrompt), new(ChatRole.User, user)];

        var attempts = Math.Max(1, _options.MaxPlannerAttempts);
        for (var attempt = 1; ; attempt++)
        {
            var response = await clients.Text.GetResponseAsync(conversation, ChatOptions(), cancellationToken).ConfigureAwait(false);
            try
            {
                return LlmPlanSchema.Parse(response.Text, text.Original);
            }
            catch (LlmReplyException ex) when (attempt < attempts)
            {
                await progress("planning", $"planner reply {attempt}/{attempts} rejected: {ex.Message}").ConfigureAwait(false);
                conversation.Add(new ChatMessage(ChatRole.Assistant, response.Text));
                conversation.Add(new ChatMessage(ChatRole.User,
                    $"{ex.Message}\nReply again with only the corrected JSON object in the schema."));
            }
            catch (LlmReplyException ex)
            {
                throw new LlmReplyException($"The LLM planner ({clients.TextModel}) gave no valid plan in {attempts} attempt(s): {ex.Message}", ex);
            }
        }
    }

    private ChatOptions ChatOptions() => new()
    {
        Temperature = _options.Temperature,
        ResponseFormat = _options.JsonResponseFormat ? ChatResponseFormat.Json : null,
    };

    private static string BuildSystemPrompt()
    {
        var example = LlmPlanSchema.Write(new StackFamily().Plan(PromptText.From("A stack of 3 blocks")))
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false });
        return $$"""
            You are the planner of Benchgen, which turns a sentence into a physics benchmark simulated in MuJoCo.
            An agent will have to move the payload body into a goal zone, building only inside the build zone and never
            entering a forbid zone. Read the prompt and decide what scene to build.

            Reply with exactly one JSON object and nothing else, in this schema (units: metres, kg/m^3):
            {{LlmPlanSchema.Description}}

            Rules:
            - Honour every count, shape, size, colour, material and arrangement the prompt states.
            - ranges are the randomization ranges the generator script samples per seed; give at least the part sizes and
              positions, varying them by at least +-40% of the nominal value where physically sensible.
            - free_bodies lists every body with a free joint; jointed parts (a drawer on a slide, a door on a hinge) are
              not free bodies but are counted in expected_joints.
            - Materials (density / friction): wood 700 / 0.6; steel 7800 / 0.4; aluminium 2700 / 0.45; rubber 1200 / 0.9;
              plastic 1100 / 0.5; stone 2500 / 0.7; glass 2500 / 0.4; foam 100 / 0.8; ice 917 / 0.05. Default: wood.

            Example, for the prompt "A stack of 3 blocks":
            {{example}}
            """;
    }
}
