using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.Hosting;
using Benchgen.Hosting.Messaging;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Sessions;
using Benchgen.Tasks;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Cli;

/// <summary>
/// The <c>benchgen</c> command line. Exit codes: 0 every session accepted (or the query answered, or the plan can be
/// generated), 1 a session rejected, failed, timed out or not found (or the plan rejected), 2 bad usage: anything the
/// shared rules (<see cref="RequestRules"/>) refuse — prompt, seed, variants, timeout, batch size — an unknown option, a
/// missing, oversized or unreadable batch or spec file, a TaskSpec that does not read, an unwritable data directory.
/// </summary>
public static class BenchgenCommandLine
{
    public const int Accepted = 0;
    public const int NotAccepted = 1;
    public const int Usage = 2;

    static readonly JsonSerializerOptions JsonLine = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    sealed record RunRequest(IReadOnlyList<CliSubmission> Prompts, CliSettings Settings, int? Seed, int? Variants, bool Json, bool NoWait,
        TimeSpan Timeout, bool Batch);

    /// <summary>The numeric flags, read with the shared rules (<see cref="RequestRules"/>) so the CLI answers as the API does.</summary>
    sealed record Numbers(int? Seed, int? Variants, TimeSpan Timeout);

    const int DefaultTimeoutSeconds = 1800;

    /// <param name="stdin">Where <c>--spec -</c> reads from (default the console).</param>
    /// <param name="services">Extra registrations for the in-process services of embedded mode (tests, embedders).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null,
        Action<IServiceCollection>? services = null)
    {
        // Read as text and checked by the shared rules: "--seed -5" gets the API's answer, not a parser's or a clamp.
        var seed = new Option<string?>("--seed") { Description = "Canonical seed of the generator script, 0 to 2147483647 (default 0)." };
        var variants = new Option<string?>("--variants")
        {
            Description = "Variant seeds validated besides the canonical one, 0 (one model) to 32 (default: the prompt's own count, else 4).",
        };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where embedded mode stores artifacts and the catalogue (default ./.benchgen)." };
        var broker = new Option<string?>("--broker") { Description = "amqp:// URI: publish to running services instead of running them in-process." };
        var api = new Option<string?>("--api") { Description = "Intake API base URL (e.g. http://localhost:8080) to read sessions from." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per session on one line." };
        var verbose = new Option<bool>("--verbose") { Description = "Log pipeline progress to stderr." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the session id(s) and exit without waiting (needs --broker)." };
        var timeout = new Option<string?>("--timeout") { Description = "Seconds to wait for the sessions to end, 1 to 86400 (default 1800); then the work is cancelled." };

        var prompt = new Argument<string?>("prompt")
        {
            Description = "What to build, e.g. \"A stack of 3 blocks\" (optional with --spec: the spec's own prompt is used).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var spec = new Option<string?>("--spec") { Description = "A TaskSpec JSON file to build instead of planning the prompt (- reads stdin), e.g. from `benchgen plan --json`." };
        var generate = new Command("generate", "Generate one benchmark from a prompt (or an edited TaskSpec) and wait for it to be accepted or rejected.")
        {
            prompt, spec, seed, variants, dataDir, broker, json, verbose, noWait, timeout,
        };
        generate.SetAction((result, ct) =>
        {
            var text = result.GetValue(prompt);
            CliSubmission submission;
            if (result.GetValue(spec) is { } specPath)
            {
                string specJson;
                try
                {
                    specJson = specPath == "-"
                        ? BoundedInput.ReadText(stdin ?? Console.In, RequestRules.MaxSpecFileBytes, "the spec on stdin")
                        : BoundedInput.ReadFile(specPath, RequestRules.MaxSpecFileBytes, "the spec file");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CliUsageException)
                {
                    return Fail(stderr, $"benchgen generate: cannot read the spec '{RequestRules.Sanitise(specPath, 200)}': {ex.Message}");
                }

                if (text is not null && PromptRules.Problem(text) is { } promptProblem)
                {
                    return Fail(stderr, $"benchgen generate: {promptProblem}.");
                }

                try
                {
                    submission = SpecInput.FromSpec(specJson, text);
                }
                catch (TaskSpecException ex)
                {
                    return Fail(stderr, $"benchgen generate: the spec '{specPath}' is invalid; nothing was generated:", ex.Errors);
                }
            }
            else
            {
                submission = new CliSubmission(text ?? "");
            }

            if (PromptRules.Problem(submission.Prompt) is { } problem)
            {
                return Fail(stderr, $"benchgen generate: {problem}.");
            }

            if (ReadNumbers(result, out var numbers) is { } numberProblem)
            {
                return Fail(stderr, $"benchgen generate: {numberProblem}.");
            }

            return RunSessionsAsync(Request(result, numbers, [submission], batch: false), stdout, stderr, ct);
        });

        var planPrompt = new Argument<string>("prompt") { Description = "What to plan, e.g. \"put the bowl on the plate\"." };
        var planJson = new Option<bool>("--json") { Description = "Print only the TaskSpec as JSON: a file to edit and pass to `generate --spec`." };
        var planCommand = new Command("plan", "Show the TaskSpec a prompt plans to, without generating it; edit it and pass it to `generate --spec`.")
        {
            planPrompt, api, broker, dataDir, planJson, verbose,
        };
        planCommand.SetAction((result, ct) => PlanAsync(result.GetValue(planPrompt) ?? "", result.GetValue(api), Settings(result),
            result.GetValue(planJson), stdout, stderr, ct));

        var file = new Option<FileInfo>("--file")
        {
            Description = "Prompts, one per line (or JSON objects {\"spec\": {...}} / {\"prompt\": \"...\", \"spec\": {...}}); blank lines and # comments are skipped.",
            Required = true,
        };
        var batchCommand = new Command("batch", "Generate a benchmark for every prompt in a file.")
        {
            file, seed, variants, dataDir, broker, json, verbose, noWait, timeout,
        };
        batchCommand.SetAction((result, ct) =>
        {
            var path = result.GetValue(file)!;
            var shown = RequestRules.Sanitise(path.FullName, 200);
            if (ReadNumbers(result, out var numbers) is { } numberProblem)
            {
                return Fail(stderr, $"benchgen batch: {numberProblem}.");
            }

            if (!path.Exists)
            {
                return Fail(stderr, $"benchgen batch: prompt file '{shown}' does not exist.");
            }

            string text;
            try
            {
                // At most RequestRules.MaxBatchBytes is read, whatever the path is (/dev/zero, a FIFO's writer, a huge file).
                text = BoundedInput.ReadFile(path.FullName, RequestRules.MaxBatchBytes, "the prompt file");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CliUsageException)
            {
                return Fail(stderr, $"benchgen batch: cannot read '{shown}': {ex.Message}");
            }

            var lines = text.Split('\n')
                .Select((line, i) => (Text: line.Trim(), Line: i + 1))
                .Where(line => line.Text.Length > 0 && !line.Text.StartsWith('#'))
                .ToList();
            if (lines.Count == 0)
            {
                return Fail(stderr, $"benchgen batch: '{shown}' has no prompts.");
            }

            // The API's cap, checked before a single prompt is published.
            if (RequestRules.BatchSize(lines.Count) is { } sizeProblem)
            {
                return Fail(stderr, $"benchgen batch: '{shown}': {sizeProblem}; nothing was submitted.");
            }

            var prompts = new List<CliSubmission>(lines.Count);
            foreach (var line in lines)
            {
                try
                {
                    prompts.Add(SpecInput.FromBatchLine(line.Text));
                }
                catch (CliUsageException ex)
                {
                    return Fail(stderr, $"benchgen batch: line {line.Line} of '{shown}': {ex.Message}.");
                }
                catch (TaskSpecException ex)
                {
                    return Fail(stderr, $"benchgen batch: line {line.Line} of '{shown}': the spec is invalid; nothing was submitted:", ex.Errors);
                }
            }

            var bad = prompts.Select((p, i) => (Index: i, Problem: PromptRules.Problem(p.Prompt))).FirstOrDefault(x => x.Problem is not null);
            if (bad.Problem is not null)
            {
                return Fail(stderr, $"benchgen batch: prompt {bad.Index + 1} in '{shown}': {bad.Problem}.");
            }

            return RunSessionsAsync(Request(result, numbers, prompts, batch: true), stdout, stderr, ct);
        });

        var sessionId = new Argument<Guid>("session-id") { Description = "The session to show." };
        var status = new Command("status", "Show a session's state and checkpoint log.") { sessionId, api, broker, json };
        status.SetAction((result, ct) => ReadAsync(result.GetValue(api), Settings(result), stderr, async reader =>
        {
            var found = await reader.StatusAsync(result.GetValue(sessionId), ct);
            if (found is null)
            {
                stderr.WriteLine($"benchgen status: no session {result.GetValue(sessionId)}.");
                return NotAccepted;
            }

            PrintStatus(found, result.GetValue(json), stdout);
            return Accepted;
        }, ct));

        var state = new Option<string?>("--state") { Description = "Only sessions in this state (Generating, Rendering, Reviewing, Persisting, Accepted, Rejected, Failed)." };
        var batchId = new Option<Guid?>("--batch") { Description = "Only sessions of this batch." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var sessions = new Command("sessions", "List sessions from the saga store or the intake API.") { state, batchId, limit, api, broker, json };
        sessions.SetAction((result, ct) => ReadAsync(result.GetValue(api), Settings(result), stderr, async reader =>
        {
            var wanted = result.GetValue(state);
            if (wanted is not null && !GenerationSessionStates.All.Contains(wanted))
            {
                stderr.WriteLine($"benchgen sessions: unknown state '{wanted}'; one of {string.Join(", ", GenerationSessionStates.All)}.");
                return Usage;
            }

            foreach (var s in await reader.ListAsync(wanted, result.GetValue(batchId), Math.Clamp(result.GetValue(limit), 1, 10_000), ct))
            {
                stdout.WriteLine(result.GetValue(json)
                    ? JsonSerializer.Serialize(s, JsonLine)
                    : $"{s.SessionId}  {s.State,-10} {s.Stage,-10} attempt {s.Attempt}  {s.UpdatedAt:u}  {Shorten(Shown(s.Prompt), 40)}  {Shown(s.AssetUrl ?? s.FailureReason)}");
            }

            return Accepted;
        }, ct));

        var root = new RootCommand("Benchgen: physics benchmarks from language, validated in MuJoCo.") { generate, planCommand, batchCommand, status, sessions };
        foreach (var command in Curation.CurationCommands.Create(stdout, stderr)) root.Add(command);
        root.Add(ServeCommand.Create(stdout, stderr));
        root.Add(ErrorQueues.Create(stdout, stderr));
        foreach (var command in Grading.GradingCommands.Create(stdout, stderr, stdin)) root.Add(command);
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
            new(result.GetValue(broker), result.GetValue(dataDir), result.GetValue(verbose), services);

        RunRequest Request(ParseResult result, Numbers numbers, IReadOnlyList<CliSubmission> prompts, bool batch) =>
            new(prompts, Settings(result), numbers.Seed, numbers.Variants, result.GetValue(json), result.GetValue(noWait), numbers.Timeout, batch);

        string? ReadNumbers(ParseResult result, out Numbers numbers)
        {
            numbers = new Numbers(null, null, TimeSpan.FromSeconds(DefaultTimeoutSeconds));
            var seedProblem = RequestRules.Seed.Parse(result.GetValue(seed), out var seedValue);
            var variantsProblem = RequestRules.Variants.Parse(result.GetValue(variants), out var variantsValue);
            var timeoutProblem = RequestRules.TimeoutSeconds.Parse(result.GetValue(timeout), out var timeoutValue);
            var problem = seedProblem ?? variantsProblem ?? timeoutProblem;
            if (problem is null)
            {
                numbers = new Numbers(seedValue, variantsValue, TimeSpan.FromSeconds(timeoutValue ?? DefaultTimeoutSeconds));
            }

            return problem;
        }
    }

    static Task<int> Fail(TextWriter stderr, string message, IEnumerable<string>? details = null)
    {
        stderr.WriteLine(message);
        foreach (var detail in details ?? [])
        {
            stderr.WriteLine($"  {detail}");
        }

        return Task.FromResult(Usage);
    }

    static async Task<int> PlanAsync(string prompt, string? api, CliSettings settings, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (PromptRules.Problem(prompt) is { } problem)
        {
            return await Fail(stderr, $"benchgen plan: {problem}.");
        }

        Generation.Tasks.PlanResult plan;
        try
        {
            plan = await TaskPlans.PlanAsync(prompt, api, settings, ct);
        }
        catch (Exception ex) when (ex is ArgumentException or CliUsageException)
        {
            return await Fail(stderr, $"benchgen plan: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or RequestTimeoutException or RequestFaultException or TimeoutException
                                       or InvalidOperationException or Generation.Llm.LlmReplyException or TaskCanceledException)
        {
            stderr.WriteLine($"benchgen plan: could not plan the prompt: {ex.GetBaseException().Message}");
            return NotAccepted;
        }

        if (json)
        {
            // stdout is exactly the spec, so `benchgen plan --json "..." > task.json` gives a file to edit and pass to --spec.
            stdout.WriteLine(plan.Spec.ToJson(indented: true));
            if (plan.Rejection is not null)
            {
                stderr.WriteLine($"benchgen plan: rejected: {plan.Rejection}");
            }
        }
        else
        {
            TaskPlans.Print(plan, stdout);
        }

        return plan.Accepted ? Accepted : NotAccepted;
    }

    static async Task<int> ReadAsync(string? api, CliSettings settings, TextWriter stderr, Func<ISessionReader, Task<int>> read, CancellationToken ct)
    {
        try
        {
            await using var reader = await SessionReaders.OpenAsync(api, settings, ct);
            return await read(reader);
        }
        catch (CliUsageException ex)
        {
            stderr.WriteLine($"benchgen: {ex.Message}.");
            return Usage;
        }
        catch (Exception ex) when (ex is HttpRequestException or RequestTimeoutException or TimeoutException or MongoDB.Driver.MongoException)
        {
            stderr.WriteLine($"benchgen: could not read sessions: {ex.Message}");
            return NotAccepted;
        }
    }

    static async Task<int> RunSessionsAsync(RunRequest request, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (request.NoWait && request.Settings.Broker is null && !BenchgenMessaging.UsesRabbitMq(PipelineHost.Configuration(request.Settings)))
        {
            return await Fail(stderr, "benchgen: --no-wait needs --broker: in embedded mode the pipeline lives only as long as this process.");
        }

        if (!BenchgenMessaging.UsesRabbitMq(PipelineHost.Configuration(request.Settings)) &&
            PipelineHost.DataDirectoryProblem(request.Settings) is { } dataDirProblem)
        {
            // Checked before any work: an unwritable data directory would otherwise fail only after generating.
            return await Fail(stderr, $"benchgen: {dataDirProblem}; nothing was generated.");
        }

        using var host = PipelineHost.Build(request.Settings);
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
            var batchId = request.Batch ? NewId.NextGuid() : (Guid?)null;
            var clock = Stopwatch.StartNew();
            var prompts = request.Prompts;

            var sessions = prompts.Select(p => (Id: NewId.NextGuid(), p.Prompt, p.Spec)).ToList();
            var outcomes = sessions.Select(s => watcher.WaitFor(s.Id)).ToList();
            var published = 0;
            // Bounded parallel publishing: thousands of prompts publish in seconds instead of one confirm at a time.
            foreach (var chunk in sessions.Chunk(64))
            {
                await Task.WhenAll(chunk.Select(s => publisher.Publish(
                    new SubmitPrompt(s.Id, s.Prompt, request.Seed, request.Variants, batchId, DateTime.UtcNow, s.Spec), ct)));
                published += chunk.Length;
                if (request.Batch)
                {
                    stderr.Write($"\rpublished {published}/{prompts.Count}");
                }
            }

            if (request.Batch)
            {
                stderr.WriteLine();
            }

            if (request.NoWait)
            {
                foreach (var s in sessions)
                {
                    stdout.WriteLine(request.Json ? JsonSerializer.Serialize(new { sessionId = s.Id, prompt = s.Prompt, batchId }, JsonLine) : $"Session ID: {s.Id}");
                }

                return Accepted;
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(request.Timeout - clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            var pending = outcomes.Select((task, i) => (task, i)).ToDictionary(x => (Task)x.task, x => x.i);
            var counts = new SortedDictionary<string, int>();
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
                    foreach (var i in pending.Values)
                    {
                        var outcome = new SessionOutcome(sessions[i].Id, "Unknown", null, null, $"no outcome within {request.Timeout.TotalSeconds:0} s");
                        Report(outcome, sessions[i].Prompt, request.Json, stdout);
                        counts["Unknown"] = counts.GetValueOrDefault("Unknown") + 1;
                    }

                    exitCode = NotAccepted;
                    break;
                }

                var index = pending[finished];
                pending.Remove(finished);
                var result = await outcomes[index];
                Report(result, sessions[index].Prompt, request.Json, stdout);
                counts[result.State] = counts.GetValueOrDefault(result.State) + 1;
                if (result.State != "Accepted")
                {
                    exitCode = NotAccepted;
                }

                if (request.Batch)
                {
                    stderr.WriteLine($"[{prompts.Count - pending.Count}/{prompts.Count}] {Summary(counts)}");
                }
            }

            if (request.Batch)
            {
                var line = $"batch {batchId}: {prompts.Count} prompts, {Summary(counts)} in {clock.Elapsed.TotalSeconds:0.0} s";
                (request.Json ? stderr : stdout).WriteLine(line);
            }

            return exitCode;
        }
        finally
        {
            // Stopping cancels what is still running (PipelineHost: ConsumerStopTimeout), so the process ends promptly
            // after --timeout instead of finishing every queued generation first.
            using var stopping = new CancellationTokenSource(PipelineHost.StopTimeout);
            try
            {
                await host.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"benchgen: the pipeline did not stop within {PipelineHost.StopTimeout.TotalSeconds:0} s; exiting anyway.");
            }
        }
    }

    /// <summary>User text (prompts, reasons, URLs) as one printable line: a newline in a prompt cannot forge a "State:" line.</summary>
    static string Shown(string? text) => RequestRules.Sanitise(text, 4000);

    static string Summary(IDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Value} {c.Key.ToLowerInvariant()}"));

    static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    static void Report(SessionOutcome outcome, string prompt, bool json, TextWriter stdout)
    {
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(SessionReport.From(outcome, prompt), JsonLine));
            return;
        }

        stdout.WriteLine($"Session ID: {outcome.SessionId}");
        stdout.WriteLine($"Prompt:     {Shown(prompt)}");
        stdout.WriteLine($"State:      {Shown(outcome.State)}");
        if (outcome.Urls is { } urls)
        {
            stdout.WriteLine($"Benchmark:  {Shown(outcome.BenchmarkId)}");
            stdout.WriteLine($"Asset URL:  {Shown(urls.Asset)}");
        }
        else
        {
            stdout.WriteLine($"Reason:     {Shown(outcome.Reason)}");
        }

        stdout.WriteLine();
    }

    static void PrintStatus(SessionStatus s, bool json, TextWriter stdout)
    {
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(s, JsonLine));
            return;
        }

        stdout.WriteLine($"Session ID: {s.SessionId}");
        stdout.WriteLine($"Prompt:     {Shown(s.Prompt)}");
        stdout.WriteLine($"State:      {Shown(s.State)} (stage {Shown(s.Stage)}, attempt {s.Attempt})");
        stdout.WriteLine($"Submitted:  {s.SubmittedAt:u}   updated {s.UpdatedAt:u}" + (s.FinishedAt is { } f ? $"   finished {f:u}" : ""));
        if (s.Urls is { } urls)
        {
            stdout.WriteLine($"Benchmark:  {Shown(s.BenchmarkId)}");
            stdout.WriteLine($"Asset URL:  {Shown(urls.Asset)}");
        }

        if (s.FailureReason is not null)
        {
            stdout.WriteLine($"Reason:     {Shown(s.FailureReason)}");
        }

        foreach (var c in s.Checkpoints)
        {
            stdout.WriteLine($"  {c.At:HH:mm:ss.fff}  {Shown(c.Stage),-10} #{c.Attempt}  {c.StageSeconds,8:0.000} s  {Shown(c.Outcome),-9} {Shown(c.Message)}");
        }
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
        outcome.Urls is { } u ? new SessionArtifacts(u.Script, u.Model, u.Variants, u.Previews, u.ContactSheet, u.Definition, u.Validation, u.Animation) : null);
}

public sealed record SessionArtifacts(
    string Script,
    string Model,
    IReadOnlyList<string> Variants,
    string Previews,
    string ContactSheet,
    string Definition,
    string Validation,
    string? Animation = null);
