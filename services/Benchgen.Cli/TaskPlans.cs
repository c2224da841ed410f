using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.Generation;
using Benchgen.Generation.Tasks;
using Benchgen.Hosting.Messaging;
using Benchgen.PromptIntake.Apis;
using Benchgen.Tasks;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Cli;

/// <summary>
/// Where <c>benchgen plan</c> gets its TaskSpec: the planner in this process (embedded, no bus), the intake API
/// (<c>--api</c>, <c>POST /api/plans</c>), or the Generation service over the broker (<c>PlanTask</c>).
/// </summary>
public static class TaskPlans
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <exception cref="ArgumentException">The planner refused the prompt as input.</exception>
    /// <exception cref="CliUsageException">The API refused the request (400).</exception>
    public static async Task<PlanResult> PlanAsync(string prompt, string? api, CliSettings settings, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(api))
        {
            return await FromApiAsync(prompt, new Uri(api.EndsWith('/') ? api : api + "/"), ct);
        }

        var configuration = PipelineHost.Configuration(settings);
        if (BenchgenMessaging.UsesRabbitMq(configuration))
        {
            return await FromBusAsync(prompt, settings, ct);
        }

        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(configuration);
        settings.Services?.Invoke(services);
        services.AddGeneration(configuration);
        await using var provider = services.BuildServiceProvider();
        var planner = provider.GetService<ITaskPlanner>()
            ?? throw new InvalidOperationException("no task planner is registered in this build (ITaskPlanner)");
        return await planner.PlanAsync(prompt, cancellationToken: ct);
    }

    static async Task<PlanResult> FromApiAsync(string prompt, Uri api, CancellationToken ct)
    {
        // The API waits up to its own planner timeout; give it a little longer before giving up here.
        using var http = new HttpClient { BaseAddress = api, Timeout = Timeout + TimeSpan.FromSeconds(15) };
        using var response = await http.PostAsJsonAsync("api/plans", new { prompt }, ct);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new CliUsageException(await DetailAsync(response, ct));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {await DetailAsync(response, ct)}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var spec = body.RootElement.GetProperty("spec").Deserialize<TaskSpec>(TaskSpec.Json) ?? new TaskSpec();
        var rejection = body.RootElement.TryGetProperty("rejection", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return new PlanResult(spec, rejection);
    }

    static async Task<PlanResult> FromBusAsync(string prompt, CliSettings settings, CancellationToken ct)
    {
        using var host = PipelineHost.Build(settings);
        await host.StartAsync(ct);
        try
        {
            var client = host.Services.GetRequiredService<IBus>().CreateRequestClient<PlanTask>(RequestTimeout.After(s: (int)Timeout.TotalSeconds));
            var planned = (await client.GetResponse<TaskPlanned>(new PlanTask(NewId.NextGuid(), prompt), ct)).Message;
            return new PlanResult(JsonSerializer.Deserialize<TaskSpec>(planned.Spec, TaskSpec.Json) ?? new TaskSpec(), planned.Rejection);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails body: show it as it came.
        }

        return text.Length <= 300 ? text : text[..300] + "…";
    }

    /// <summary>The plan for a person to read: objects, start state, goal, tier, the words understood and not.</summary>
    public static void Print(PlanResult plan, TextWriter stdout)
    {
        var spec = plan.Spec;
        // Everything here can come from the prompt (labels, unmapped words, the rejection): printed escaped, one line each.
        static string Shown(string? text) => Benchgen.Hosting.RequestRules.Sanitise(text, 4000);
        stdout.WriteLine($"Prompt:      {Shown(spec.Prompt)}");
        if (spec.Preset is not null)
        {
            stdout.WriteLine($"Preset:      {spec.Preset}");
        }

        stdout.WriteLine($"Tier:        {spec.Tier} ({spec.Tier switch { 1 => "spatial", 2 => "kinematic", 3 => "integrated mechanism", _ => "unknown" }})");
        stdout.WriteLine("Objects:");
        foreach (var o in spec.Objects)
        {
            var traits = new[] { o.Count is > 1 ? $"×{o.Count}" : null, o.Colour, o.Size, o.Material }.Where(t => t is not null);
            var parts = o.Parts is { Count: > 0 } p ? "  parts " + string.Join(", ", p) : "";
            stdout.WriteLine(Shown($"  {o.Id,-14} {o.Kind,-12} \"{o.Label}\"  {string.Join(", ", traits)}{parts}".TrimEnd()));
        }

        Section("Placements:", spec.Placements.Select(p => p.ToString()));
        Section("Initial:", spec.Initial.Select(p => p.ToString()));
        Section("Goal:", spec.Goal.Select(p => p.ToString()));
        stdout.WriteLine($"Understood:  {(spec.Understood.Count == 0 ? "-" : Shown(string.Join(", ", spec.Understood)))}");
        stdout.WriteLine($"Unmapped:    {(spec.Unmapped.Count == 0 ? "-" : Shown(string.Join(", ", spec.Unmapped)))}");
        stdout.WriteLine(plan.Rejection is null ? "Result:      can be generated" : $"Rejected:    {Shown(plan.Rejection)}");

        void Section(string title, IEnumerable<string> lines)
        {
            var items = lines.ToList();
            stdout.WriteLine(items.Count == 0 ? $"{title,-12} -" : title);
            foreach (var line in items)
            {
                stdout.WriteLine($"  {Shown(line)}");
            }
        }
    }
}

/// <summary>A prompt to submit, with the TaskSpec JSON to build instead of planning it (already validated), if any.</summary>
public sealed record CliSubmission(string Prompt, string? Spec = null);

/// <summary>Reads TaskSpecs from files, stdin and batch lines, with the same rules as the intake API.</summary>
public static class SpecInput
{
    /// <summary>The submission for an edited spec; a bad spec throws with every error's JSON path.</summary>
    /// <exception cref="TaskSpecException">The spec does not read.</exception>
    public static CliSubmission FromSpec(string json, string? prompt)
    {
        var spec = TaskSpecReader.Parse(json);
        return new CliSubmission(string.IsNullOrWhiteSpace(prompt) ? SessionsApi.PromptOf(spec) : prompt, json);
    }

    /// <summary>
    /// One batch line: a plain prompt, or a JSON object <c>{"spec": {...}}</c> / <c>{"prompt": "...", "spec": {...}}</c>
    /// (or <c>{"prompt": "..."}</c>).
    /// </summary>
    /// <exception cref="CliUsageException">The line is not such an object.</exception>
    /// <exception cref="TaskSpecException">Its spec does not read.</exception>
    public static CliSubmission FromBatchLine(string line)
    {
        if (!line.StartsWith('{'))
        {
            return new CliSubmission(line);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"the line starts with '{{' but is not a JSON object ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            string? prompt = null;
            if (root.TryGetProperty("prompt", out var p) && p.ValueKind != JsonValueKind.Null)
            {
                prompt = p.ValueKind == JsonValueKind.String ? p.GetString() : throw new CliUsageException("'prompt' must be a JSON string");
            }

            if (!root.TryGetProperty("spec", out var spec) || spec.ValueKind == JsonValueKind.Null)
            {
                return prompt is null
                    ? throw new CliUsageException("a JSON line needs \"spec\" (a TaskSpec) or \"prompt\"")
                    : new CliSubmission(prompt);
            }

            if (spec.ValueKind != JsonValueKind.Object)
            {
                throw new CliUsageException("'spec' must be a JSON object (a TaskSpec)");
            }

            return FromSpec(spec.GetRawText(), prompt);
        }
    }
}
