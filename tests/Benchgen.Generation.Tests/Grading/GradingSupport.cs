using System.Globalization;
using System.Text.Json.Nodes;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Grading;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tests.Grading;

internal static class GradingSupport
{
    public static readonly Evaluator Evaluator = new();

    /// <summary>One seed of a prompt (or a spec file of services/Benchgen.Tasks/examples), built as generation builds it.</summary>
    public static async Task<GradingTarget> TargetAsync(string promptOrExample, int seed)
    {
        CompiledTask compiled;
        if (promptOrExample.EndsWith(".task.json", StringComparison.Ordinal))
            compiled = new TaskCompiler(new ScenarioCoder()).Compile(TaskSpecReader.Parse(File.ReadAllText(
                Path.Combine(Tasks.Compiling_the_example_tasks.ExamplesDirectory, promptOrExample))));
        else
            compiled = TestSupport.Compile(promptOrExample);
        var run = (await new ScriptSandbox(TestSupport.Options()).RunAsync(compiled.Script, [(seed, 1.0)]))[0];
        return new GradingTarget(compiled.Plan.Family, run.Seed, run.Scale, run.Mjcf, run.Definition);
    }

    /// <summary>The reference solution exactly as the validator stores it in benchmark.json (<c>SkillPlan.ToJson()</c>).</summary>
    public static string ReferenceJson(GradingTarget target)
    {
        var (scene, _, session) = Evaluator.Open(target);
        using (session.Model)
        {
            scene.Reset();
            return ReferenceSkills.Derive(scene).ToJson().ToJsonString();
        }
    }

    /// <summary>The hand-made crate benchmark (Checks_Specs) with constraints, as a grading target.</summary>
    public static GradingTarget HandMade(double maxWeight = 5, double maxCost = 100, HandMadeScene? scene = null)
    {
        scene ??= new HandMadeScene();
        var definition = scene.Definition();
        definition["constraints"] = new JsonObject { ["max_weight"] = maxWeight, ["max_unit_cost"] = maxCost };
        return new GradingTarget("hand_made", 1, 1.0, scene.Mjcf(), definition);
    }

    /// <summary>A trajectory that floats the 1 kg crate (gravity compensated) 0.49 m along +x: 1 m/s² for 0.7 s, then −1 m/s² for 0.7 s.</summary>
    public static string BangBang(double accel = 1.0, double half = 0.7) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"kind": "trajectory", "duration": {{2 * half}}, "setpoints": [
          {"t": 0, "subject": "crate", "force": [{{accel}}, 0, 9.81]},
          {"t": {{half}}, "subject": "crate", "force": [{{-accel}}, 0, 9.81]}]}
        """);

    public static string Design(string mjcf, string extra = "") =>
        new JsonObject { ["kind"] = "design", ["mjcf"] = mjcf }.ToJsonString().TrimEnd('}') + extra + "}";
}
