using System.Collections.Concurrent;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Tasks;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests.Tasks;

/// <summary>
/// Every sample spec in <c>services/Benchgen.Tasks/examples</c> (one per kind of task the library builds) compiled by
/// the one compiler and validated the way generation does: canonical seed and two variants at every scale, fidelity
/// against the spec, initial state true and goal false at t = 0, and the reference skills reaching the goal.
/// </summary>
public sealed class Compiling_the_example_tasks(ITestOutputHelper output)
{
    public const int Seed = 7;

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ExamplesDirectory, "*.task.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    internal static string ExamplesDirectory => Path.Combine(Reading_a_task_spec.RepoRoot(), "services", "Benchgen.Tasks", "examples");

    private static readonly ConcurrentDictionary<string, Lazy<Task<(CompiledTask Compiled, ValidationReport Report)>>> Cache = new();

    internal static Task<(CompiledTask Compiled, ValidationReport Report)> ValidateAsync(string file) =>
        Cache.GetOrAdd(file, f => new Lazy<Task<(CompiledTask, ValidationReport)>>(async () =>
        {
            var spec = TaskSpecReader.Parse(File.ReadAllText(Path.Combine(ExamplesDirectory, f)));
            var compiled = new TaskCompiler(new ScenarioCoder()).Compile(spec);
            var options = TestSupport.Options();
            var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));
            var (_, report) = await validation.RunAsync(compiled.Plan, compiled.Script, spec.Prompt ?? f, Seed, 2,
                (_, _) => Task.CompletedTask, CancellationToken.None, spec: compiled.Spec);
            return (compiled, report);
        })).Value;

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public async Task Should_validate_and_be_solved_by_its_reference_skills(string file)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (compiled, report) = await ValidateAsync(file);
        output.WriteLine(compiled.Spec.Describe());
        foreach (var run in report.Runs.Where(r => !r.Passed))
            output.WriteLine($"seed {run.Seed} x{run.Scale}: " + string.Join("; ", run.Failures.Select(c => $"{c.Name}: {c.Detail}")));
        Assert.True(report.Passed, report.Summary);
        Assert.Equal(3 * (1 + GenerationOptions.DefaultExtraScales.Count(s => s != 1.0)), report.Runs.Count);
        foreach (var check in new[] { "task_objects", "task_colours", "task_parts", "initial_state", "goal_false_at_start", "task_goal", "reference_solution" })
            Assert.All(report.Runs, r => Assert.True(r.Checks.Single(c => c.Name == check).Passed, $"{check} in seed {r.Seed} x{r.Scale}"));
        Assert.NotNull(report.ReferenceSolution);
    }
}

public sealed class Generating_the_variations_a_prompt_asks_for
{
    [SkippableFact]
    public async Task Should_validate_as_many_models_as_the_prompt_names()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var options = TestSupport.Options(o => o.ExtraScales = []);
        var generator = new ScenarioGenerator(new Benchgen.Generation.Tasks.Parsing.TaskParser(), new TaskCompiler(new ScenarioCoder()),
            new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options)));
        // No count from the request (null): "10 variations of …" decides — the canonical model and nine variants.
        var scenario = await generator.GenerateAsync("10 variations of put the bowl on the plate", 3, null, null);
        Assert.Equal(10, scenario.Variants.Count);
        Assert.Equal(10, scenario.Variants.Select(v => v.Seed).Distinct().Count());
    }

    [SkippableFact]
    public async Task Should_validate_the_canonical_model_alone_when_the_request_asks_for_zero_variants()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var options = TestSupport.Options(o => o.ExtraScales = []);
        var generator = new ScenarioGenerator(new Benchgen.Generation.Tasks.Parsing.TaskParser(), new TaskCompiler(new ScenarioCoder()),
            new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options)));
        // An explicit 0 wins over the prompt's own count and the default: one model, not four and not ten.
        var scenario = await generator.GenerateAsync("10 variations of put the bowl on the plate", 3, 0, null);
        Assert.Equal(3, Assert.Single(scenario.Variants).Seed);
    }
}
