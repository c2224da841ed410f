using System.Text;
using System.Text.Json;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Tasks;
using Benchgen.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Llm;

/// <summary>
/// The LLM planner of the task language: asks the model for a TaskSpec (the schema, the asset kinds with their parts
/// and one worked example are in the system prompt) and reads the reply strictly with <see cref="TaskSpecReader"/>.
/// A reply that does not read is sent back once with every error's JSON path; if the next one fails too, planning
/// fails with <see cref="LlmReplyException"/>. A spec that lists unmapped words is returned with a rejection naming
/// them (TASKS.md §4): the model is told to list only words that carry meaning it could not represent.
/// </summary>
public sealed class LlmTaskPlanner(LlmChatClients clients, IOptions<LlmOptions> options) : ITaskPlanner
{
    private const int MaxRejectionLength = 300;

    private readonly LlmOptions _options = options.Value;

    // Declared (so initialised) before SystemPrompt, which quotes it.
    /// <summary>The worked example of the system prompt, for "put the black bowl in the bottom drawer and close it".</summary>
    public static TaskSpec Example { get; } = BuildExample();

    public static string SystemPrompt { get; } = BuildSystemPrompt();

    /// <exception cref="ArgumentException">The prompt is empty or too long (same rule as every planner).</exception>
    /// <exception cref="LlmReplyException">Neither reply was a valid TaskSpec; carries the last errors with their JSON paths.</exception>
    public async Task<PlanResult> PlanAsync(string prompt, string? reviewFeedback = null, CancellationToken cancellationToken = default)
    {
        var text = PromptText.From(prompt);
        var user = $"Prompt: {text.Original}";
        if (!string.IsNullOrWhiteSpace(reviewFeedback))
            user += $"\n\nA reviewer rejected the previous attempt at this prompt: {reviewFeedback}\nKeep the task faithful to the prompt; adjust it only where the feedback requires.";
        List<ChatMessage> conversation = [new(ChatRole.System, SystemPrompt), new(ChatRole.User, user)];

        var attempts = Math.Max(1, _options.MaxPlannerAttempts);
        for (var attempt = 1; ; attempt++)
        {
            var response = await clients.Text.GetResponseAsync(conversation, ChatOptions(), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> errors;
            try
            {
                var spec = Read(response.Text) with { Prompt = text.Original };
                return new PlanResult(spec, Rejection(spec));
            }
            catch (TaskSpecException ex)
            {
                errors = ex.Errors;
            }
            catch (LlmReplyException ex)
            {
                errors = [ex.Message];
            }

            if (attempt >= attempts)
                throw new LlmReplyException(
                    $"The LLM task planner ({clients.TextModel}) gave no valid TaskSpec in {attempts} attempt(s): {string.Join("; ", errors)}");
            conversation.Add(new ChatMessage(ChatRole.Assistant, response.Text));
            conversation.Add(new ChatMessage(ChatRole.User,
                "The TaskSpec was rejected:\n" + string.Join("\n", errors.Select(e => "- " + e)) +
                "\nFix every listed path and reply again with only the corrected JSON object."));
        }
    }

    /// <summary>The reply's JSON object (bare or in a ```json fence), read strictly as a TaskSpec.</summary>
    /// <exception cref="LlmReplyException">The reply holds no JSON object.</exception>
    /// <exception cref="TaskSpecException">The object is not a valid TaskSpec; every error starts with its JSON path.</exception>
    public static TaskSpec Read(string? reply) => TaskSpecReader.Parse(LlmJson.ReadObject(reply, "task planner").ToJsonString());

    private static string? Rejection(TaskSpec spec)
    {
        if (spec.Unmapped.Count == 0) return null;
        var text = "not understood: " + string.Join(", ", spec.Unmapped.Select(w => $"'{w}'"));
        return text.Length <= MaxRejectionLength ? text : text[..(MaxRejectionLength - 1)] + "…";
    }

    private ChatOptions ChatOptions() => new()
    {
        Temperature = _options.Temperature,
        ResponseFormat = _options.JsonResponseFormat ? ChatResponseFormat.Json : null,
    };

    private static TaskSpec BuildExample()
    {
        using var drawers = JsonDocument.Parse("3");
        const string prompt = "put the black bowl in the bottom drawer and close it";
        return new TaskSpec
        {
            Prompt = prompt,
            Objects =
            [
                new TaskObject
                {
                    Id = "cabinet_1", Kind = "cabinet", Label = "cabinet", Size = "medium", Material = "wood",
                    Parts = ["drawer_top", "drawer_middle", "drawer_bottom"],
                    Params = new Dictionary<string, JsonElement> { ["drawers"] = drawers.RootElement.Clone() },
                },
                new TaskObject { Id = "bowl_1", Kind = "bowl", Label = "black bowl", Colour = "black", Size = "small", Material = "plastic" },
            ],
            Placements = [new Placement { Object = "bowl_1", Relation = "on", Target = "floor" }],
            Initial = [new Predicate("open", "cabinet_1.drawer_bottom")],
            Goal = [new Predicate("in", "bowl_1", "cabinet_1.drawer_bottom"), new Predicate("closed", "cabinet_1.drawer_bottom")],
            Tier = 2,
            Understood = ["put", "black", "bowl", "in", "bottom", "drawer", "and", "close", "it"],
        };
    }

    private static string BuildSystemPrompt()
    {
        var kinds = new StringBuilder();
        foreach (var kind in AssetLibrary.Kinds)
        {
            kinds.Append($"- {kind.Kind} ({kind.Role.ToString().ToLowerInvariant()}{(kind.Free ? ", free" : ", fixed")}): {kind.Description}; anchors {string.Join(", ", kind.Anchors)}");
            var parts = kind.Kind == "cabinet"
                ? "parts by params.drawers: 1 → drawer; 2 → drawer_top, drawer_bottom; 3 → drawer_top, drawer_middle, drawer_bottom"
                : kind.PartsFor(new Dictionary<string, string> { ["lidded"] = "true" }) is { Count: > 0 } list
                    ? "parts " + string.Join(", ", list.Select(p => p.Name)) + (kind.Kind == "box" ? " (only with params.lidded: true)" : "")
                    : null;
            if (parts is not null) kinds.Append("; ").Append(parts);
            kinds.Append('\n');
        }

        return $$"""
            You are the task planner of Benchgen, which turns a sentence into a physics benchmark simulated in MuJoCo.
            Read the prompt and write the task it asks for as a TaskSpec: the objects, how the scene starts, and the goal
            predicates an agent must make true. Never write a different task than the one asked for.

            Reply with exactly one JSON object and nothing else, valid against this JSON Schema:
            {{TaskSpecReader.SchemaJson}}

            Asset kinds (objects[].kind must be one of these; a predicate names an object by id or a part as id.part):
            {{kinds}}
            Rules:
            - label is the prompt's own noun ("ketchup", "moka pot"); kind is the asset built for it. Household nouns with
              no asset of their own map to a close proxy (ketchup → bottle, soup → can, cream cheese → box).
            - One entry per object instance with a unique id (bowl_1, bowl_2), or count: N for N alike free objects.
            - goal lists every predicate that must hold at the end, in the prompt's order; it must be false at the start.
              initial sets articulated parts at t = 0 (open(cabinet_1.drawer_bottom) for "close the drawer").
            - Directions (left_of, in_front_of, ...) are in the frame of the default camera. The reserved surface "floor"
              and the reserved zone "goal" (only as at(x, goal)) need no object.
            - tier: 1 spatial, 2 kinematic (joints, levers, gears, cranks), 3 integrated mechanism.
            - understood lists the prompt's words you represented; unmapped lists every word that names an object, an
              action, a relation, a count, a colour or an order you could not represent. Leave unmapped empty only when
              nothing meaning-bearing is missing: a spec with unmapped words is rejected rather than built wrongly.

            Example, for the prompt "{{Example.Prompt}}":
            {{Example.ToJson(indented: false)}}
            """;
    }
}
