using Benchgen.Generation.Coding;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Tasks;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Generation.Tests.Tasks;

/// <summary>Specs that are well formed but wrong are rejected by validation, with the reason that makes them wrong.</summary>
public sealed class Validating_a_wrong_spec
{
    private static async Task<ValidationReport> ValidateAsync(string json, TaskSpec? checkAgainst = null)
    {
        var spec = TaskSpecReader.Parse(json);
        var compiled = new TaskCompiler(new ScenarioCoder()).Compile(spec);
        var options = TestSupport.Options(o => o.ExtraScales = []);
        var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));
        var (scenario, report) = await validation.RunAsync(compiled.Plan, compiled.Script, spec.Prompt ?? "", 5, 1,
            (_, _) => Task.CompletedTask, CancellationToken.None, spec: checkAgainst is null ? compiled.Spec : TaskSpecRules.Normalize(checkAgainst));
        Assert.Null(scenario);
        Assert.False(report.Passed);
        return report;
    }

    [SkippableFact]
    public async Task Should_reject_a_goal_that_is_true_at_the_start()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var report = await ValidateAsync("""
            {"spec": "benchgen.task/v1", "objects": [{"id": "block_1", "kind": "block"}],
             "goal": [{"predicate": "on", "args": ["block_1", "floor"]}]}
            """);
        Assert.All(report.Runs, r => Assert.Contains(r.Failures, c => c.Name == "goal_false_at_start" && c.Detail.Contains("starts solved")));
    }

    [SkippableFact]
    public async Task Should_reject_an_unreachable_target()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        // A large bowl does not go into a mug: the reference solution cannot make in() true.
        var report = await ValidateAsync("""
            {"spec": "benchgen.task/v1", "objects": [{"id": "bowl_1", "kind": "bowl", "size": "large"}, {"id": "mug_1", "kind": "mug"}],
             "goal": [{"predicate": "in", "args": ["bowl_1", "mug_1"]}]}
            """);
        Assert.All(report.Runs, r => Assert.Contains(r.Failures, c => c.Name == "reference_solution" && c.Detail.Contains("in(bowl_1, mug_1) is false")));
    }

    [SkippableFact]
    public async Task Should_reject_a_model_whose_colours_are_not_the_specs()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        const string red = """
            {"spec": "benchgen.task/v1", "objects": [{"id": "puck_1", "kind": "puck", "colour": "red"}],
             "goal": [{"predicate": "at", "args": ["puck_1", "goal"]}]}
            """;
        var blue = TaskSpecReader.Parse(red.Replace("\"red\"", "\"blue\"", StringComparison.Ordinal));
        var report = await ValidateAsync(red, checkAgainst: blue);
        Assert.All(report.Runs, r => Assert.Contains(r.Failures, c => c.Name == "task_colours" && c.Detail.Contains("puck_1 should be blue")));
    }
}
