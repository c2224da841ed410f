using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Benchgen.Cli;

/// <summary>
/// <c>benchgen generate</c> and <c>benchgen batch</c>. Exit codes: 0 every session accepted, 1 a session rejected or
/// failed, 2 bad usage (empty or oversized prompt, unknown option, missing batch file).
/// </summary>
public static class BenchgenCommandLine
{
    public const int Accepted = 0;
    public const int NotAccepted = 1;
    public const int Usage = 2;

    static readonly JsonSerializerOptions JsonLine = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var seed = new Option<int?>("--seed") { Description = "Canonical seed of the generator script (default 0)." };
        var variants = new Option<int?>("--variants") { Description = "Variant seeds validated besides the canonical one (default 4)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where embedded mode stores artifacts and the catalogue (default ./.benchgen)." };
        var broker = new Option<string?>("--broker") { Description = "amqp:// URI: publish to running services instead of running them in-process." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per session on one line." };
        var verbose = new Option<bool>("--verbose") { Description = "Log pipeline progress to stderr." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the sessions to end.", DefaultValueFactory = _ => 1800 };

        var prompt = new Argument<string>("prompt") { Description = "What to build, e.g. \"A stack of 3 blocks\"." };
        var generate = new Command("generate", "Generate one benchmark from a prompt and wait for it to be accepted or rejected.")
        {
            prompt, seed, variants, dataDir, broker, json, verbose, timeout,
        };
        generate.SetAction((result, ct) =>
        {
            var text = result.GetValue(prompt) ?? "";
            if (PromptRules.Problem(text) is { } problem)
            {
                stderr.WriteLine($"benchgen generate: {problem}.");
                return Task.FromResult(Usage);
            }

            return RunSessionsAsync([text], Settings(result), result.GetValue(seed), result.GetValue(variants),
                result.GetValue(json), TimeSpan.FromSeconds(result.GetValue(timeout)), batch: false, stdout, stderr, ct);
        });

        var file = new Option<FileInfo>("--file") { Description = "Prompts, one per line; blank lines and # comments are skipped.", Required = true };
        var batchCommand = new Command("batch", "Generate a benchmark for every prompt in a file.")
        {
            file, seed, variants, dataDir, broker, json, verbose, timeout,
        };
        batchCommand.SetAction((result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                stderr.WriteLine($"benchgen batch: prompt file '{path.FullName}' does not exist.");
                return Task.FromResult(Usage);
            }

            var prompts = File.ReadAllLines(path.FullName)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .ToList();
            var problems = prompts.Select((p, i) => (Line: i, Problem: PromptRules.Problem(p))).Where(x => x.Problem is not null).ToList();
            if (prompts.Count == 0 || problems.Count > 0)
            {
                stderr.WriteLine(prompts.Count == 0
                    ? $"benchgen batch: '{path.FullName}' has no prompts."
                    : $"benchgen batch: prompt {problems[0].Line + 1} in '{path.FullName}': {problems[0].Problem}.");
                return Task.FromResult(Usage);
            }

            return RunSessionsAsync(prompts, Settings(result), result.GetValue(seed), result.GetValue(variants),
                result.GetValue(json), TimeSpan.FromSeconds(result.GetValue(timeout)), batch: true, stdout, stderr, ct);
        });

        var root = new RootCommand("Benchgen: physics benchmarks from language, validated in MuJoCo.") { generate, batchCommand };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"benchgen: {error.Message}");
            }

            stderr.WriteLine("Run 'benchgen --help' for usage.");
            return Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });

        CliSettings Settings(ParseResult result) =>
            new(result.GetValue(broker), result.GetValue(dataDir), result.GetValue(verbose));
    }

    static async Task<int> RunSessionsAsync(IReadOnlyList<string> prompts, CliSettings settings, int? seed, int? variants,
        bool json, TimeSpan timeout, bool batch, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var host = PipelineHost.Build(settings);
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stderr.WriteLine($"benchgen: could not start the message bus: {ex.GetBaseException().Message}");
            return NotAccepted;
        }

        try
        {
            var watcher = host.Services.GetRequiredService<SessionOutcomeWatcher>();
            var publisher = host.Services.GetRequiredService<IPublishEndpoint>();
            var batchId = batch ? NewId.NextGuid() : (Guid?)null;
            var clock = Stopwatch.StartNew();

            var sessions = new List<(Guid Id, string Prompt, Task<SessionOutcome> Outcome)>();
            foreach (var text in prompts)
            {
                var id = NewId.NextGuid();
                sessions.Add((id, text, watcher.WaitFor(id)));
                await publisher.Publish(new SubmitPrompt(id, text, seed, variants, batchId, DateTime.UtcNow), ct);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            var pending = sessions.ToDictionary(s => (Task)s.Outcome, s => s);
            var counts = new Dictionary<string, int>();
            var exitCode = Accepted;
            while (pending.Count > 0)
            {
                Task? finished;
                try
                {
                    finished = await Task.WhenAny(pending.Keys).WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    finished = null;
                }

                if (finished is null)
                {
                    foreach (var (id, text, _) in pending.Values)
                    {
                        var outcome = new SessionOutcome(id, "Unknown", null, null, $"no outcome within {timeout.TotalSeconds:0} s");
                        Report(outcome, text, json, stdout);
                        counts["Unknown"] = counts.GetValueOrDefault("Unknown") + 1;
                    }

                    exitCode = NotAccepted;
                    break;
                }

                var session = pending[finished];
                pending.Remove(finished);
                var result = await session.Outcome;
                Report(result, session.Prompt, json, stdout);
                counts[result.State] = counts.GetValueOrDefault(result.State) + 1;
                if (result.State != "Accepted")
                {
                    exitCode = NotAccepted;
                }
            }

            if (batch)
            {
                var summary = string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key.ToLowerInvariant()}"));
                var line = $"batch {batchId}: {prompts.Count} prompts, {summary} in {clock.Elapsed.TotalSeconds:0.0} s";
                if (json)
                {
                    stderr.WriteLine(line);
                }
                else
                {
                    stdout.WriteLine(line);
                }
            }

            return exitCode;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    static void Report(SessionOutcome outcome, string prompt, bool json, TextWriter stdout)
    {
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(SessionReport.From(outcome, prompt), JsonLine));
            return;
        }

        stdout.WriteLine($"Session ID: {outcome.SessionId}");
        stdout.WriteLine($"Prompt:     {prompt}");
        stdout.WriteLine($"State:      {outcome.State}");
        if (outcome.Urls is { } urls)
        {
            stdout.WriteLine($"Benchmark:  {outcome.BenchmarkId}");
            stdout.WriteLine($"Asset URL:  {urls.Asset}");
        }
        else
        {
            stdout.WriteLine($"Reason:     {outcome.Reason}");
        }

        stdout.WriteLine();
    }
}

/// <summary>The <c>--json</c> line: one object per session (documented in the README).</summary>
public sealed record SessionReport(
    Guid SessionId,
    string Prompt,
    string State,
    string? BenchmarkId,
    string? AssetUrl,
    string? FailureReason,
    SessionArtifacts? Artifacts)
{
    public static SessionReport From(SessionOutcome outcome, string prompt) => new(
        outcome.SessionId, prompt, outcome.State, outcome.BenchmarkId, outcome.Urls?.Asset, outcome.Reason,
        outcome.Urls is { } u ? new SessionArtifacts(u.Script, u.Model, u.Variants, u.Previews, u.ContactSheet, u.Definition, u.Validation) : null);
}

public sealed record SessionArtifacts(
    string Script,
    string Model,
    IReadOnlyList<string> Variants,
    string Previews,
    string ContactSheet,
    string Definition,
    string Validation);
