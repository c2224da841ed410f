using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Cli.Grading;
using Benchgen.Generation;
using Benchgen.Generation.Grading;
using Benchgen.Generation.Validation;
using Benchgen.Physics;

namespace Benchgen.Benchmarks;

/// <summary>
/// `grading [FILE]`: the grading measures of issue 9. Generates the twelve preset prompts and every row of the task
/// table (default ../shared/prompts/tasks.tsv) with `benchgen batch` (seed 1, two variants), then for every accepted
/// benchmark grades its stored reference_solution, read back from benchmark.json as a solution file, on every validated
/// seed by catalogue id (the canonical seed from the stored model, the variants rebuilt by the script); runs the random
/// baseline (8 trials of the validator's random trajectory) through the same evaluator per family; and measures the CPU
/// time of one evaluate of the skills solution on the canonical seed. A measure, not a test.
/// </summary>
public static class GradingBench
{
    public static readonly string[] Presets =
    [
        "A stack of 3 blocks", "A pyramid of 6 blocks", "A box containing three small spheres", "A ball rolling down a ramp into a goal zone",
        "A row of 8 dominoes", "Two platforms separated by a gap; move the cube across", "Move the ball sideways into the goal zone, past an obstacle wall",
        "A sliding drawer with a handle", "A hinged door", "A peg next to a block with a hole", "A lever on a fulcrum with a weight on one end",
        "A pendulum hanging from a frame",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var file = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "prompts", "tasks.tsv");
        var tasks = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToArray();
        var prompts = Presets.Select(p => (Source: "preset", Prompt: p)).Concat(tasks.Select(t => (Source: "tasks.tsv", Prompt: t))).ToArray();
        var data = Directory.CreateTempSubdirectory("benchgen-grading-").FullName;
        var list = Path.Combine(data, "prompts.txt");
        await File.WriteAllLinesAsync(list, prompts.Select(p => p.Prompt));
        var clock = Stopwatch.StartNew();
        var stdout = new StringWriter();
        await Cli.BenchgenCommandLine.RunAsync(["batch", "--file", list, "--seed", "1", "--variants", "2", "--data-dir", data, "--json"], stdout, Console.Error);
        var generated = clock.Elapsed;
        var sessions = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(e => e.TryGetProperty("prompt", out _)).GroupBy(e => e.GetProperty("prompt").GetString()!).ToDictionary(g => g.Key, g => g.First());

        var options = new GenerationOptions();
        var evaluator = new Evaluator(MujocoLimits.Default, options.MaxBodySpeed, options.PenetrationToleranceMetres);
        var table = new StringBuilder("| source | prompt | family | bodies | seeds graded | reference success | CPU per evaluate (s) | random baseline |\n|---|---|---|---|---|---|---|---|\n");
        int benchmarks = 0, seedsGraded = 0, seedsSolved = 0;
        var baseline = new SortedDictionary<string, (int Trials, int Successes)>(StringComparer.Ordinal);
        var cpus = new List<(int Bodies, double Cpu)>();
        foreach (var (source, prompt) in prompts)
        {
            if (!sessions.TryGetValue(prompt, out var s) || s.GetProperty("state").GetString() != "Accepted") continue;
            benchmarks++;
            var id = s.GetProperty("benchmarkId").GetString()!;
            var bench = await BenchmarkSource.OpenAsync(id, data, CancellationToken.None);
            var solution = SolutionReader.Parse(bench.Definition["reference_solution"]!.ToJsonString());
            var targets = await bench.TargetsAsync(bench.Seeds, options, CancellationToken.None);
            var solved = 0;
            foreach (var target in targets)
                if (evaluator.Evaluate(target, solution).Success) solved++;
            seedsGraded += targets.Count;
            seedsSolved += solved;

            // CPU of one evaluate on the canonical seed (this thread does all the work: compile, skills, settle).
            var canonical = targets[0];
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            const int repeats = 3;
            for (var i = 0; i < repeats; i++) evaluator.Evaluate(canonical, solution);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds / repeats;
            using var probe = MujocoModel.Compile(canonical.Mjcf, "probe.xml");
            var bodies = probe.Bodies.Count;
            cpus.Add((bodies, cpu));

            // The validator's random baseline, graded by the same evaluator.
            var definition = BenchmarkDefinition.Read(canonical.Definition);
            var payload = probe.BodyId(definition.PayloadBody);
            var (scene, _, session) = evaluator.Open(canonical);
            var hits = 0;
            using (session.Model)
            {
                var maxForce = Math.Min(3 * 9.81 * PayloadGuide.SubtreeMass(probe, payload), session.HandForceLimit(definition.PayloadBody));
                for (var t = 0; t < options.RandomBaselineTrials; t++)
                {
                    var seed = unchecked((ulong)(uint)canonical.Seed * 0x9E3779B97F4A7C15UL + (ulong)t);
                    var trial = ScenarioValidator.RandomTrajectory(definition.PayloadBody, PayloadGuide.SubtreeMass(probe, payload), maxForce,
                        options.RandomBaselineSeconds, probe.Timestep, seed);
                    if (evaluator.GradeOn(scene, definition, canonical, trial).Success) hits++;
                }
            }
            var family = bench.Family;
            var (tr, su) = baseline.GetValueOrDefault(family);
            baseline[family] = (tr + options.RandomBaselineTrials, su + hits);
            table.Append(CultureInfo.InvariantCulture,
                $"| {source} | {prompt} | {family} | {bodies} | {targets.Count} | {solved}/{targets.Count} | {cpu:0.000} | {hits}/{options.RandomBaselineTrials} |\n");
        }
        Directory.Delete(data, recursive: true);
        Console.WriteLine(table);
        Console.WriteLine("| family | random baseline successes |\n|---|---|");
        foreach (var (family, (trials, successes)) in baseline)
            Console.WriteLine(FormattableString.Invariant($"| {family} | {successes}/{trials} ({(trials == 0 ? 0 : (double)successes / trials):P0}) |"));
        var fiveBody = cpus.Where(c => c.Bodies is >= 4 and <= 6).Select(c => c.Cpu).DefaultIfEmpty(double.NaN).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grading: {benchmarks} of {prompts.Length} prompts accepted; reference solution graded success on {seedsSolved} of {seedsGraded} validated seeds; CPU per evaluate median {Median(cpus.Select(c => c.Cpu)):0.000} s, max {cpus.Select(c => c.Cpu).DefaultIfEmpty(0).Max():0.000} s, 4–6-body scenes median {Median(fiveBody):0.000} s (generation {generated.TotalSeconds:0} s, total {clock.Elapsed.TotalSeconds:0} s)"));
        return seedsSolved == seedsGraded ? 0 : 1;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
