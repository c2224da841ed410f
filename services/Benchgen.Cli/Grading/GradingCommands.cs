using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation;
using Benchgen.Generation.Grading;
using Benchgen.Physics;

namespace Benchgen.Cli.Grading;

/// <summary>
/// <c>benchgen evaluate</c> (one benchmark, or a dataset of benchmarks against a folder of solutions) and <c>benchgen env</c>
/// (the JSON-lines step interface). Exit codes of <c>evaluate</c>: 0 every graded seed succeeded, 1 a graded failure or an
/// unknown / unusable benchmark, 2 a malformed solution (every problem with its JSON path) or bad usage.
/// </summary>
public static class GradingCommands
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Malformed = 2;

    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr, TextReader? stdin)
    {
        yield return Evaluate(stdout, stderr);
        yield return EnvCommand.Create(stdout, stderr, stdin);
    }

    static Command Evaluate(TextWriter stdout, TextWriter stderr)
    {
        var benchmark = new Argument<string?>("benchmark")
        {
            Description = "A catalogue id (bm-…) of the data directory, a benchmark.json path (or its folder) or an http(s) URL of one.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var solution = new Option<string?>("--solution") { Description = "The solution file (kind skills, trajectory or design; schemas in services/Benchgen.Tasks/schemas)." };
        var seed = new Option<int?>("--seed") { Description = "Grade this validated seed (default: the canonical seed)." };
        var allSeeds = new Option<bool>("--all-seeds") { Description = "Grade every validated seed (the canonical and the variants)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per graded seed on one line." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Embedded data directory whose catalogue ids are looked up (default ./.benchgen)." };
        var dataset = new Option<string?>("--dataset") { Description = "Batch: a folder of benchmarks (an export, or folders holding benchmark.json)." };
        var solutions = new Option<string?>("--solutions") { Description = "Batch: a folder of solutions, <benchmark>.json or <benchmark>/<solver>.json." };
        var output = new Option<string?>("--out") { Description = "Batch: where results.jsonl, results.csv and summary.json go (default: the solutions folder)." };
        var command = new Command("evaluate", "Grade a solution on a benchmark with the same code that proved it solvable.")
        {
            benchmark, solution, seed, allSeeds, json, dataDir, dataset, solutions, output,
        };
        command.SetAction(async (r, ct) =>
        {
            if (r.GetValue(dataset) is { } datasetDir)
            {
                if (r.GetValue(solutions) is not { } solutionsDir) return Usage(stderr, "benchgen evaluate --dataset needs --solutions DIR.");
                return await BatchGrading.RunAsync(datasetDir, solutionsDir, r.GetValue(output) ?? solutionsDir, r.GetValue(allSeeds), stdout, stderr, ct);
            }
            var name = r.GetValue(benchmark);
            var file = r.GetValue(solution);
            if (name is null || file is null) return Usage(stderr, "benchgen evaluate: give a benchmark and --solution FILE (or --dataset DIR --solutions DIR).");
            if (r.GetValue(seed) is not null && r.GetValue(allSeeds)) return Usage(stderr, "benchgen evaluate: --seed and --all-seeds exclude each other.");

            Solution parsed;
            try
            {
                parsed = ReadSolution(file);
            }
            catch (SolutionFormatException ex)
            {
                stderr.WriteLine($"benchgen evaluate: the solution '{Shown(file)}' is malformed:");
                foreach (var e in ex.Errors) stderr.WriteLine("  " + e);
                return Malformed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CliUsageException)
            {
                return Usage(stderr, $"benchgen evaluate: cannot read the solution '{Shown(file)}': {ex.Message}");
            }

            var options = new GenerationOptions();
            try
            {
                var source = await BenchmarkSource.OpenAsync(name, r.GetValue(dataDir), ct);
                var seeds = r.GetValue(allSeeds) ? source.Seeds : [r.GetValue(seed) ?? source.CanonicalSeed];
                var targets = await source.TargetsAsync(seeds, options, ct);
                var evaluator = new Evaluator(MujocoLimits.Default, options.MaxBodySpeed, options.PenetrationToleranceMetres);
                var code = Success;
                foreach (var target in targets)
                {
                    var evaluation = evaluator.Evaluate(target, parsed, ct);
                    if (r.GetValue(json)) stdout.WriteLine(evaluation.ToJson().ToJsonString(JsonLine));
                    else Print(evaluation, stdout);
                    if (!evaluation.Success) code = Failed;
                }
                return code;
            }
            catch (SolutionFormatException ex)
            {
                stderr.WriteLine($"benchgen evaluate: the solution '{Shown(file)}' is refused:");
                foreach (var e in ex.Errors) stderr.WriteLine("  " + e);
                return Malformed;
            }
            catch (ArgumentException ex)
            {
                return Usage(stderr, "benchgen evaluate: " + ex.Message + ".");
            }
            catch (Exception ex) when (ex is BenchmarkNotFoundException or BenchmarkUnusableException or CliUsageException)
            {
                stderr.WriteLine("benchgen evaluate: " + ex.Message + ".");
                return Failed;
            }
        });
        return command;
    }

    /// <summary>Reads and checks a solution file (bounded, schema first).</summary>
    public static Solution ReadSolution(string path) =>
        SolutionReader.Parse(path == "-" ? BoundedInput.ReadText(Console.In, SolutionReader.MaxBytes, "the solution on stdin")
            : BoundedInput.ReadFile(path, SolutionReader.MaxBytes, "the solution file"));

    static void Print(Evaluation e, TextWriter stdout)
    {
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        stdout.WriteLine($"Benchmark:   {Shown(e.Benchmark)}  seed {e.Seed}  ({e.Kind} solution)");
        stdout.WriteLine($"Result:      {(e.Success ? "SUCCESS" : "FAILED")}: {Shown(e.Reason)}");
        foreach (var g in e.Goal)
            stdout.WriteLine($"Goal:        {g.Predicate,-40} {(g.AtEnd ? "true" : "false")} at the end, first true {(g.FirstTrue is { } t ? $"at {F(t)} s" : "never")}");
        stdout.WriteLine("Forbid:      " + (e.ForbidContacts.Count == 0 ? "no forbid zone entered"
            : string.Join("; ", e.ForbidContacts.Select(c => $"{c.Zone} entered by {c.Body} at {F(c.Time)} s"))));
        if (e.Kind == DesignSolution.KindName)
            stdout.WriteLine("Build zone:  " + (e.BuildZoneViolations.Count == 0 ? "every geom inside, nothing interpenetrating" : string.Join("; ", e.BuildZoneViolations)));
        foreach (var c in e.Constraints) stdout.WriteLine($"Constraint:  {c.Name,-10} {(c.Passed ? "ok" : "BROKEN")}  {Shown(c.Detail)}");
        stdout.WriteLine($"Effort:      {F(e.Effort)} N·s    sim time {F(e.SimTime)} s    stable {(e.Stable ? "yes" : "no")}    " +
                         $"warnings {(e.Warnings.Count == 0 ? "none" : string.Join(", ", e.Warnings))}");
        stdout.WriteLine();
    }

    static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        return Malformed;
    }

    internal static string Shown(string text) => Benchgen.Hosting.RequestRules.Sanitise(text, 2000);
}
