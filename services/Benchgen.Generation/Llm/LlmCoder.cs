using System.Globalization;
using System.Text;
using System.Text.Json;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Llm;

/// <summary>
/// Asks the model for a generator script with the same contract as the catalogue templates, as one conversation per
/// generation request: each failed attempt's validation failures are appended so the next attempt can fix them.
/// </summary>
public sealed class LlmCoder(LlmChatClients clients, IOptions<LlmOptions> options)
{
    private readonly LlmOptions _options = options.Value;

    public string Model => clients.TextModel;

    /// <summary>Generator version recorded in provenance: the catalogue coder's version plus the model that wrote the script.</summary>
    public string GeneratorVersion => $"{ScenarioCoder.GeneratorVersion} llm:{clients.TextModel}";

    /// <summary>The opening of a coder conversation: the script contract, a passing example and the plan to implement.</summary>
    public List<ChatMessage> StartConversation(ScenarioPlan plan, string? reviewFeedback)
    {
        var user = new StringBuilder()
            .AppendLine($"Prompt: {plan.Prompt}")
            .AppendLine("Plan (JSON):")
            .AppendLine(LlmPlanSchema.Write(plan).ToJsonString(new JsonSerializerOptions { WriteIndented = true }))
            .AppendLine()
            .AppendLine($"Write the generator script for this plan. Use family \"{plan.Family}\", the free body names " +
                        $"[{string.Join(", ", plan.FreeBodies)}] exactly, payload body \"{plan.PayloadBody}\"" +
                        (plan.ExpectedJoints.Count == 0 ? ", and no hinge, slide or ball joints." :
                            ", and these joints: " + string.Join(", ", plan.ExpectedJoints.Select(j => $"{j.Value} {j.Key.ToLowerInvariant()}")) + "."));
        if (!plan.MustSettle) user.AppendLine("This scene is meant to move from the start, so it need not come to rest.");
        if (!string.IsNullOrWhiteSpace(reviewFeedback))
            user.AppendLine().AppendLine("A reviewer looked at the rendered views of the previous attempt and rejected it:")
                .AppendLine(reviewFeedback.Trim()).AppendLine("Address that feedback in this script.");
        return [new ChatMessage(ChatRole.System, SystemPrompt), new ChatMessage(ChatRole.User, user.ToString())];
    }

    /// <summary>Sends the conversation and appends the reply to it; returns the reply text.</summary>
    public async Task<string> AskAsync(List<ChatMessage> conversation, CancellationToken cancellationToken)
    {
        var response = await clients.Text.GetResponseAsync(conversation, new ChatOptions { Temperature = _options.Temperature }, cancellationToken)
            .ConfigureAwait(false);
        var text = response.Text ?? "";
        conversation.Add(new ChatMessage(ChatRole.Assistant, text));
        return text;
    }

    /// <summary>
    /// Appends the failure of the last attempt as the next user turn. Scripts older than the last one are replaced by a
    /// marker so three attempts do not triple the context the model reads.
    /// </summary>
    public static void AddFailure(List<ChatMessage> conversation, string failure)
    {
        var assistants = conversation.Select((m, i) => (m, i)).Where(x => x.m.Role == ChatRole.Assistant).Select(x => x.i).ToArray();
        foreach (var index in assistants.SkipLast(1))
            conversation[index] = new ChatMessage(ChatRole.Assistant, "(an earlier script, superseded by the next one)");
        conversation.Add(new ChatMessage(ChatRole.User, failure +
            "\n\nFix these problems and reply with the complete corrected script in one ```python block."));
    }

    public static string NoScriptFeedback(int attempt) =>
        $"Attempt {attempt} was rejected: the reply contained no ```python block defining build(seed, scale) and definition(seed, scale).";

    public static string ScriptFailureFeedback(int attempt, GeneratorScriptException failure) =>
        $"Attempt {attempt} was rejected: the script failed in the sandbox ({failure.Failure}): {failure.Message}";

    /// <summary>The failed checks of a validation report, grouped by check and detail with the runs they failed on.</summary>
    public static string ValidationFeedback(int attempt, ValidationReport report, int maxChars)
    {
        var text = new StringBuilder()
            .AppendLine($"Attempt {attempt} failed validation: {report.Summary}")
            .AppendLine("Failed checks (check: detail [runs as seed@scale]):");
        var groups = report.Runs
            .SelectMany(run => run.Checks.Where(c => !c.Passed).Select(c => (Check: c, Run: run)))
            .GroupBy(x => (x.Check.Name, x.Check.Detail))
            .OrderBy(g => g.Min(x => report.Runs.ToList().IndexOf(x.Run)));
        foreach (var group in groups)
        {
            var runs = string.Join(", ", group.Select(x => $"{x.Run.Seed}@{x.Run.Scale.ToString("0.##", CultureInfo.InvariantCulture)}").Distinct());
            var line = $"- {group.Key.Name}: {group.Key.Detail} [{runs}]";
            if (text.Length + line.Length > maxChars)
            {
                text.AppendLine("- (more failures omitted)");
                break;
            }
            text.AppendLine(line);
        }
        return text.ToString().TrimEnd();
    }

    public static string SystemPrompt { get; } = BuildSystemPrompt();

    private static string BuildSystemPrompt()
    {
        var prompt = new StringBuilder($$"""
            You are the coder of Benchgen, which turns a sentence into a physics benchmark simulated in MuJoCo 2.2.2.
            You write one generator script per plan. An agent will later have to move the payload body into the goal zone,
            building only inside the build zone and never entering a forbid zone.

            The script contract (the same as for Benchgen's built-in templates):
            - Python 3.11, standard library only; no file, network or subprocess access; nothing printed at import time.
            - Deterministic: every random draw comes from random.Random(seed), in a fixed order; write numbers with "%.5f".
              Different seeds must give visibly different scenes: draw part sizes and positions from the plan's ranges.
            - build(seed: int, scale: float = 1.0) -> str returns a complete MJCF document (<mujoco> root). Every length and
              position is multiplied by scale.
            - definition(seed: int, scale: float = 1.0) -> dict (JSON-serialisable) returns the benchmark definition of the
              same variant, with these keys. Boxes are axis-aligned {"min": [x, y, z], "max": [x, y, z]} in world metres.
                family, generator, prompt, seed, scale,
                build_zone (box), goal_zone (box), forbid_zones (list of boxes), simulation_bounds (box),
                payload: {body, label, shape, material, mass, start: [x, y, z] (the payload body's initial position),
                          jitter: [dx, dy, dz] (runtime start noise)},
                fixed_parts: [{name, shape, pos}], free_bodies: [names], constraints: {max_unit_cost, max_weight},
                randomization: {name: [min, max]}, difficulty (0..1),
                reference_solution: {"kind": "guide", "body": <payload body>, "waypoints": [[x, y, z], ...],
                                     "max_force": <newtons>, "duration": <seconds>}
            - main(): argparse with --seed (int, required), --scale (float, default 1.0) and --definition (flag: print
              json.dumps(definition(seed, scale), sort_keys=True, indent=2) instead of the MJCF); call it under
              if __name__ == "__main__".

            What the validator checks for the canonical seed, several variant seeds and several scales (all must pass):
            - The MJCF compiles. Exactly the plan's free bodies exist, each a <body> with <freejoint/> and a geom of the
              plan's shape; the plan's hinge/slide joints exist; colours as planned.
            - goal_zone lies inside build_zone and is disjoint from every forbid zone; payload start plus jitter lies
              inside build_zone; every body starts inside simulation_bounds; the payload body's initial position equals
              payload.start.
            - No initial interpenetration beyond 2 mm: resting parts must touch, not overlap (a box on a box sits at
              z = top of the lower box + its own half height).
            - A few seconds of simulation: no NaN, no MuJoCo warning, no body faster than 100 m/s, every body stays in
              simulation_bounds; scenes that must settle end with every free body below 1e-3 m/s and 1e-2 m/s^2 and the
              payload within 2 cm x scale of its start.
            - Reference solution replay: a PD force (gravity-compensated, clamped to max_force) pulls the payload body
              through the waypoints in order (next waypoint within 1 cm), holds the last one, releases it and lets the
              scene run 0.5 s; the payload must end inside goal_zone and never enter a forbid zone. For jointed payloads
              put the waypoints where the joint lets the payload go.

            MuJoCo 2.2.2 advice: <option timestep="0.002" gravity="0 0 -9.81" noslip_iterations="5"/>; a
            <size nconmax=... njmax=.../> large enough for the contacts; mark zones with <site> elements (sites never
            collide); a floor plane geom; cylinder-on-cylinder contact is a single point, so stacked cylinders collide
            through a hidden box geom inscribed in them (group 3, density 0) while the cylinder geom has contype="0"
            conaffinity="0"; box-box penetration reads half the real depth, so leave no overlap at all.

            Reply with the complete script in one ```python block. No other code blocks.
            """);
        if (ExampleScript() is { } example)
        {
            prompt.AppendLine().AppendLine()
                .AppendLine("Here is a script that passes validation, for the plan of \"A stack of 3 blocks\" (its plan is embedded as PLAN;")
                .AppendLine("your script may embed its plan the same way or write the values directly):")
                .AppendLine("```python").Append(example.TrimEnd()).AppendLine().AppendLine("```");
        }
        return prompt.ToString();
    }

    private static string? ExampleScript()
    {
        try
        {
            return new ScenarioCoder().Write(new StackFamily().Plan(PromptText.From("A stack of 3 blocks"))).Source;
        }
        catch (Exception ex) when (ex is InvalidOperationException or UnsupportedPromptException)
        {
            // Without the embedded template the coder still has the written contract.
            return null;
        }
    }
}
