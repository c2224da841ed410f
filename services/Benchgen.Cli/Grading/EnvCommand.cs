using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation;
using Benchgen.Generation.Grading;
using Benchgen.Physics;

namespace Benchgen.Cli.Grading;

/// <summary>
/// <c>benchgen env &lt;benchmark&gt; [--seed N]</c> (<see cref="StepInterface"/>): the step interface for RL and planning agents, JSON lines over
/// stdin/stdout, one request and one answer per line. Requests: <c>{"op": "reset"}</c>; <c>{"op": "step", "action":
/// {"hand": [{"subject", "force", "torque"} | {"subject", "effort"}]}, "steps": N}</c> (N MuJoCo timesteps, default 1; the
/// action is held for them and replaces the previous one); <c>{"op": "observe"}</c>; <c>{"op": "grade"}</c> (lets go, settles
/// 1 s and grades as <c>evaluate</c> does; then reset to go on); <c>{"op": "close"}</c>. Every answer is
/// <c>{"ok": true, ...}</c> or <c>{"ok": false, "error": "..."}</c>; observations carry time, body poses and velocities,
/// joint positions, goal predicate values, forbid-zone contacts, stability and effort. The same seed and requests give
/// byte-identical answers.
/// </summary>
public static class EnvCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TextReader? stdin)
    {
        var benchmark = new Argument<string>("benchmark") { Description = "A catalogue id, a benchmark.json path (or folder) or an http(s) URL." };
        var seed = new Option<int?>("--seed") { Description = "A validated seed (default: the canonical seed)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Embedded data directory whose catalogue ids are looked up (default ./.benchgen)." };
        var command = new Command("env", "A JSON-lines step interface (reset/step/observe/grade/close) on a benchmark's seed.") { benchmark, seed, dataDir };
        command.SetAction(async (r, ct) =>
        {
            var options = new GenerationOptions();
            GradingTarget target;
            try
            {
                var source = await BenchmarkSource.OpenAsync(r.GetValue(benchmark)!, r.GetValue(dataDir), ct);
                target = await source.TargetAsync(r.GetValue(seed) ?? source.CanonicalSeed, options, ct);
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine("benchgen env: " + ex.Message + ".");
                return GradingCommands.Malformed;
            }
            catch (Exception ex) when (ex is BenchmarkNotFoundException or BenchmarkUnusableException or CliUsageException)
            {
                stderr.WriteLine("benchgen env: " + ex.Message + ".");
                return GradingCommands.Failed;
            }
            return StepInterface.Serve(target, new Evaluator(MujocoLimits.Default, options.MaxBodySpeed, options.PenetrationToleranceMetres),
                stdin ?? Console.In, stdout, ct);
        });
        return command;
    }
}
