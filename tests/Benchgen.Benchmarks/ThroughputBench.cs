using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Benchgen.Generation;
using Benchgen.Physics;
using Benchgen.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Benchmarks;

/// <summary>
/// `throughput [FILE] [--repeat N] [--stages-only]`: the throughput measure. First the whole embedded pipeline as `benchgen batch`
/// runs it over FILE (default ../shared/prompts/examples.txt) repeated N times (default 3): accepted benchmarks per
/// minute of wall time and CPU seconds per benchmark (this process and its sandboxed scripts). Then every prompt once
/// more, one stage at a time on one thread, for the CPU seconds each stage costs: plan + compile, the generator script
/// in the sandbox (seeds × scales), MuJoCo validation (reference solution and random baseline), rendering. A measure,
/// not a test.
/// </summary>
public static class ThroughputBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine("..", "shared", "prompts", "examples.txt");
        var repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);
        var prompts = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        // 1. The batch, as a user runs it (--stages-only skips it).
        if (!args.Contains("--stages-only"))
        {
        var cpu0 = Cpu.Now();
        var clock = Stopwatch.StartNew();
        var (lines, data) = await TaskBench.BatchAsync("benchgen-throughput-", Enumerable.Repeat(prompts, repeat).SelectMany(p => p));
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = Cpu.Now() - cpu0;
        var accepted = lines.Count(e => e.TryGetProperty("state", out var s) && s.GetString() == "Accepted");
        Directory.Delete(data, recursive: true);
        Console.WriteLine(FormattableString.Invariant(
            $"batch: {prompts.Length * repeat} prompts, {accepted} accepted in {wall:0} s: {accepted / wall * 60:0.0} accepted/min, {cpu / Math.Max(1, accepted):0.00} CPU-s per benchmark ({cpu:0} s user+sys incl. sandboxed scripts)"));
        }

        // 2. Stage by stage, one prompt at a time.
        var services = new ServiceCollection().AddLogging().AddGeneration(new ConfigurationBuilder().AddEnvironmentVariables().Build()).BuildServiceProvider();
        var generator = services.GetRequiredService<IScenarioGenerator>();
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string stage, double seconds) => stages[stage] = stages.GetValueOrDefault(stage) + seconds;
        var done = 0;
        // A renderer's GL context belongs to its thread: the stages run on one dedicated thread, blocking on generation.
        var worker = new Thread(() =>
        {
        using var renderer = new OffscreenRenderer();
        foreach (var prompt in prompts)
        {
            var mark = Cpu.Now();
            var events = 0;
            GeneratedScenario scenario;
            try
            {
                scenario = generator.GenerateAsync(prompt, 1, null, null, (stage, _) =>
                {
                    var now = Cpu.Now();
                    // planning (plan + compile), coding (script written), validating #1 (script ran), validating #2 (MuJoCo).
                    Add(events switch { 0 or 1 => "plan + compile", 2 => "script in sandbox", _ => "MuJoCo validation" }, now - mark);
                    mark = now;
                    events++;
                    return Task.CompletedTask;
                }).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is ScenarioRejectedException or Benchgen.Generation.Planning.UnsupportedPromptException)
            {
                Console.Error.WriteLine($"rejected: {prompt}: {ex.Message}");
                continue;
            }
            Add("MuJoCo validation", Cpu.Now() - mark);
            mark = Cpu.Now();
            RenderScenarioConsumer.Render(renderer, scenario.CanonicalMjcf, scenario.PayloadBody);
            Add("render 24 views + sheet", Cpu.Now() - mark);
            done++;
        }
        });
        worker.Start();
        worker.Join();
        Console.WriteLine();
        Console.WriteLine($"CPU seconds per benchmark by stage ({done} prompts, one at a time):");
        Console.WriteLine("| stage | CPU-s per benchmark |\n|---|---|");
        foreach (var (stage, seconds) in stages)
            Console.WriteLine(FormattableString.Invariant($"| {stage} | {seconds / Math.Max(1, done):0.00} |"));
        Console.WriteLine(FormattableString.Invariant($"| total | {stages.Values.Sum() / Math.Max(1, done):0.00} |"));
        return 0;
    }

    /// <summary>User + system CPU of this process and of its waited-for children (the sandboxed scripts), from /proc.</summary>
    private static class Cpu
    {
        public static double Now()
        {
            // /proc/self/stat: after the ")" of the command name, fields 14–17 are utime, stime, cutime, cstime in ticks.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
            return ticks / 100.0;
        }
    }
}
