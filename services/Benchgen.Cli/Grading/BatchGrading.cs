using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation;
using Benchgen.Generation.Grading;
using Benchgen.Physics;

namespace Benchgen.Cli.Grading;

/// <summary>One row of a batch grading table.</summary>
public sealed record GradeRow(string Benchmark, int Seed, string Solver, string Family, int Tier, bool Success, double SimTime, double Effort,
    double WallSeconds, string Reason);

/// <summary>
/// <c>benchgen evaluate --dataset DIR --solutions DIR [--out DIR] [--all-seeds]</c>: every benchmark folder of the dataset
/// (a folder holding <c>benchmark.json</c>, e.g. a <c>benchgen export</c>) is graded against every solution of it in the
/// solutions folder — <c>&lt;benchmark id&gt;.json</c> (solver "solution") or <c>&lt;benchmark id&gt;/&lt;solver&gt;.json</c> — on the
/// canonical seed (or every validated seed). Writes <c>results.jsonl</c>, <c>results.csv</c> (benchmark, seed, solver,
/// family, tier, success, sim_time, effort, wall_seconds, reason) and <c>summary.json</c> (success rates overall, per family,
/// per tier, per solver); a malformed solution is a failed row with its reason. Exit 0 when every row succeeded, else 1.
/// </summary>
public static class BatchGrading
{
    public static async Task<int> RunAsync(string datasetDir, string solutionsDir, string outDir, bool allSeeds, TextWriter stdout, TextWriter stderr,
        CancellationToken ct)
    {
        if (!Directory.Exists(datasetDir)) { stderr.WriteLine($"benchgen evaluate: no dataset folder '{GradingCommands.Shown(datasetDir)}'."); return GradingCommands.Failed; }
        if (!Directory.Exists(solutionsDir)) { stderr.WriteLine($"benchgen evaluate: no solutions folder '{GradingCommands.Shown(solutionsDir)}'."); return GradingCommands.Malformed; }
        var benchmarks = Directory.EnumerateDirectories(datasetDir).Where(d => File.Exists(Path.Combine(d, "benchmark.json")))
            .OrderBy(d => d, StringComparer.Ordinal).ToArray();
        if (File.Exists(Path.Combine(datasetDir, "benchmark.json"))) benchmarks = [datasetDir, .. benchmarks];
        var options = new GenerationOptions();
        var evaluator = new Evaluator(MujocoLimits.Default, options.MaxBodySpeed, options.PenetrationToleranceMetres);
        var rows = new List<GradeRow>();
        foreach (var folder in benchmarks)
        {
            ct.ThrowIfCancellationRequested();
            BenchmarkSource source;
            try { source = await BenchmarkSource.OpenAsync(folder, null, ct); }
            catch (Exception ex) when (ex is BenchmarkNotFoundException or BenchmarkUnusableException or CliUsageException)
            {
                stderr.WriteLine($"benchgen evaluate: skipping '{GradingCommands.Shown(folder)}': {ex.Message}");
                continue;
            }
            var files = new List<(string Solver, string Path)>();
            var single = Path.Combine(solutionsDir, source.Id + ".json");
            if (File.Exists(single)) files.Add(("solution", single));
            var perSolver = Path.Combine(solutionsDir, source.Id);
            if (Directory.Exists(perSolver))
                files.AddRange(Directory.EnumerateFiles(perSolver, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(f => (Path.GetFileNameWithoutExtension(f), f)));
            if (files.Count == 0) continue;
            IReadOnlyList<GradingTarget> targets;
            try { targets = await source.TargetsAsync(allSeeds ? source.Seeds : [source.CanonicalSeed], options, ct); }
            catch (Exception ex) when (ex is BenchmarkNotFoundException or BenchmarkUnusableException)
            {
                stderr.WriteLine($"benchgen evaluate: skipping {source.Id}: {ex.Message}");
                continue;
            }
            foreach (var (solver, path) in files)
            {
                Solution? solution = null;
                string? malformed = null;
                try { solution = GradingCommands.ReadSolution(path); }
                catch (SolutionFormatException ex) { malformed = "malformed solution: " + string.Join("; ", ex.Errors.Take(5)); }
                catch (Exception ex) when (ex is IOException or CliUsageException) { malformed = "unreadable solution: " + ex.Message; }
                foreach (var target in targets)
                {
                    GradeRow row;
                    if (solution is null) row = new(source.Id, target.Seed, solver, source.Family, source.Tier, false, 0, 0, 0, malformed!);
                    else
                    {
                        try
                        {
                            var e = evaluator.Evaluate(target, solution, ct);
                            row = new(source.Id, target.Seed, solver, source.Family, source.Tier, e.Success, e.SimTime, e.Effort, e.WallSeconds, e.Reason);
                        }
                        catch (SolutionFormatException ex)
                        {
                            row = new(source.Id, target.Seed, solver, source.Family, source.Tier, false, 0, 0, 0, "refused design: " + string.Join("; ", ex.Errors.Take(5)));
                        }
                        catch (BenchmarkUnusableException ex)
                        {
                            row = new(source.Id, target.Seed, solver, source.Family, source.Tier, false, 0, 0, 0, "unusable benchmark: " + ex.Message);
                        }
                    }
                    rows.Add(row);
                    stderr.WriteLine($"[{rows.Count}] {row.Benchmark} seed {row.Seed} {row.Solver}: {(row.Success ? "success" : "failed")}");
                }
            }
        }

        Directory.CreateDirectory(outDir);
        var jsonl = new StringBuilder();
        foreach (var r in rows) jsonl.Append(Row(r).ToJsonString(new JsonSerializerOptions { WriteIndented = false })).Append('\n');
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.jsonl"), jsonl.ToString(), ct);
        var csv = new StringBuilder("benchmark,seed,solver,family,tier,success,sim_time,effort,wall_seconds,reason\n");
        foreach (var r in rows)
            csv.Append(string.Join(',', Csv(r.Benchmark), r.Seed.ToString(CultureInfo.InvariantCulture), Csv(r.Solver), Csv(r.Family),
                r.Tier.ToString(CultureInfo.InvariantCulture), r.Success ? "true" : "false", N(r.SimTime), N(r.Effort), N(r.WallSeconds), Csv(r.Reason))).Append('\n');
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.csv"), csv.ToString(), ct);
        var summary = Summary(rows);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", ct);

        stdout.WriteLine($"graded {rows.Count} (benchmark, seed, solver) rows: {rows.Count(r => r.Success)} succeeded ({Rate(rows):P1})");
        foreach (var g in rows.GroupBy(r => r.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
            stdout.WriteLine($"  family {g.Key,-18} {g.Count(r => r.Success)}/{g.Count()}  {Rate(g):P1}");
        foreach (var g in rows.GroupBy(r => r.Tier).OrderBy(g => g.Key))
            stdout.WriteLine($"  tier {g.Key,-20} {g.Count(r => r.Success)}/{g.Count()}  {Rate(g):P1}");
        stdout.WriteLine($"results: {Path.Combine(outDir, "results.jsonl")}, results.csv, summary.json");
        return rows.Count > 0 && rows.All(r => r.Success) ? GradingCommands.Success : GradingCommands.Failed;
    }

    public static JsonObject Summary(IReadOnlyList<GradeRow> rows)
    {
        JsonObject Group<T>(Func<GradeRow, T> key) where T : notnull
        {
            var o = new JsonObject();
            foreach (var g in rows.GroupBy(key).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
                o[g.Key.ToString()!] = new JsonObject { ["rows"] = g.Count(), ["successes"] = g.Count(r => r.Success), ["rate"] = Math.Round(Rate(g), 5) };
            return o;
        }
        return new JsonObject
        {
            ["rows"] = rows.Count, ["successes"] = rows.Count(r => r.Success), ["rate"] = Math.Round(Rate(rows), 5),
            ["by_family"] = Group(r => r.Family), ["by_tier"] = Group(r => r.Tier), ["by_solver"] = Group(r => r.Solver),
        };
    }

    static JsonObject Row(GradeRow r) => new()
    {
        ["benchmark"] = r.Benchmark, ["seed"] = r.Seed, ["solver"] = r.Solver, ["family"] = r.Family, ["tier"] = r.Tier, ["success"] = r.Success,
        ["sim_time"] = r.SimTime, ["effort"] = r.Effort, ["wall_seconds"] = r.WallSeconds, ["reason"] = r.Reason,
    };

    static double Rate(IEnumerable<GradeRow> rows)
    {
        var list = rows.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(r => r.Success) / list.Count;
    }

    static string N(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a reason as a formula.</summary>
    static string Csv(string text)
    {
        var t = text.Length > 0 && "=+-@".Contains(text[0]) ? "'" + text : text;
        return t.Contains(',') || t.Contains('"') || t.Contains('\n') || t.Contains('\r') ? "\"" + t.Replace("\"", "\"\"") + "\"" : t;
    }
}
