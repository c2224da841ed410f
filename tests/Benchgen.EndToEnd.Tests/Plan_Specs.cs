using System.Text.Json;
using Benchgen.Generation;
using Benchgen.Generation.Tasks;
using Benchgen.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.EndToEnd.Tests;

internal static class TestSpecs
{
    public const string BowlOnPlate = """{"spec":"benchgen.task/v1","prompt":"put the bowl on the plate","objects":[{"id":"bowl_1","kind":"bowl","label":"bowl"},{"id":"plate_1","kind":"plate","label":"plate"}],"goal":[{"predicate":"on","args":["bowl_1","plate_1"]}],"understood":["put","bowl","on","plate"]}""";

    /// <summary>An unknown kind at $.objects[1].kind and a goal naming no object at $.goal[0].args[1].</summary>
    public const string Broken = """{"spec":"benchgen.task/v1","objects":[{"id":"bowl_1","kind":"bowl","label":"bowl"},{"id":"spatula_1","kind":"spatula","label":"spatula"}],"goal":[{"predicate":"on","args":["bowl_1","pan_1"]}]}""";

    public static Task<CliRun> RunAsync(Action<IServiceCollection> services, params string[] args) => RunAsync(services, null, args);

    public static async Task<CliRun> RunAsync(Action<IServiceCollection>? services, TextReader? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.BenchgenCommandLine.RunAsync(args, stdout, stderr, stdin, services);
        return new CliRun { ExitCode = code, Stdout = stdout.ToString(), Stderr = stderr.ToString() };
    }
}

/// <summary>Stands in for the embedded planner: the bowl-on-plate spec, rejected when the prompt says "spatula".</summary>
internal sealed class BowlOnPlatePlanner : ITaskPlanner
{
    public static void Register(IServiceCollection services) => services.AddSingleton<ITaskPlanner, BowlOnPlatePlanner>();

    public Task<PlanResult> PlanAsync(string prompt, string? reviewFeedback = null, CancellationToken cancellationToken = default)
    {
        var spatula = prompt.Contains("spatula", StringComparison.Ordinal);
        var spec = TaskSpecReader.Parse(TestSpecs.BowlOnPlate) with { Prompt = prompt, Unmapped = spatula ? ["spatula"] : [] };
        return Task.FromResult(new PlanResult(spec, spatula ? "not understood: 'spatula'" : null));
    }
}

/// <summary>Records the spec the pipeline asked it to build, then refuses it (the compiler is not under test here).</summary>
internal sealed class RecordingGenerator : IScenarioGenerator
{
    public List<(string Prompt, TaskSpec? Spec)> Calls { get; } = [];

    public Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int? variants, string? reviewFeedback,
        Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default, TaskSpec? spec = null)
    {
        lock (Calls) Calls.Add((prompt, spec));
        throw new ArgumentException("recorded, not generated");
    }
}

public class Planning_a_prompt
{
    [Fact]
    public async Task Should_print_json_that_reads_as_a_task_spec_and_exit_zero()
    {
        var run = await TestSpecs.RunAsync(BowlOnPlatePlanner.Register, "plan", "put the bowl on the plate", "--json");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var spec = TaskSpecReader.Parse(run.Stdout);
        Assert.Equal("on(bowl_1, plate_1)", spec.DescribeGoal());
        Assert.Equal("put the bowl on the plate", spec.Prompt);
    }

    [Fact]
    public async Task Should_print_the_plan_for_a_person()
    {
        var run = await TestSpecs.RunAsync(BowlOnPlatePlanner.Register, "plan", "put the bowl on the plate");

        Assert.Equal(0, run.ExitCode);
        foreach (var expected in new[] { "Objects:", "bowl_1", "plate_1", "Goal:", "on(bowl_1, plate_1)", "Tier:        1 (spatial)",
                     "Understood:  put, bowl, on, plate", "Unmapped:    -", "can be generated" })
        {
            Assert.Contains(expected, run.Stdout);
        }
    }

    [Fact]
    public async Task Should_exit_one_with_the_rejection_when_the_plan_cannot_be_generated()
    {
        var run = await TestSpecs.RunAsync(BowlOnPlatePlanner.Register, "plan", "put the spatula on the plate");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Unmapped:    spatula", run.Stdout);
        Assert.Contains("Rejected:    not understood: 'spatula'", run.Stdout);

        var json = await TestSpecs.RunAsync(BowlOnPlatePlanner.Register, "plan", "put the spatula on the plate", "--json");
        Assert.Equal(1, json.ExitCode);
        Assert.Equal(["spatula"], TaskSpecReader.Parse(json.Stdout).Unmapped);
        Assert.Contains("not understood: 'spatula'", json.Stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Should_refuse_an_empty_prompt_as_a_usage_error(string prompt)
    {
        var run = await TestSpecs.RunAsync(BowlOnPlatePlanner.Register, "plan", prompt);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("empty", run.Stderr);
    }
}

public class Generating_from_an_edited_spec
{
    [Fact]
    public async Task Should_exit_two_naming_every_json_path_of_a_bad_spec_and_generate_nothing()
    {
        using var data = new TempDir();
        var file = Path.Combine(data.Path, "bad.json");
        await File.WriteAllTextAsync(file, TestSpecs.Broken);
        var generator = new RecordingGenerator();

        var run = await TestSpecs.RunAsync(s => s.AddSingleton<IScenarioGenerator>(generator), "generate", "--spec", file, "--data-dir", data.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.objects[1].kind", run.Stderr);
        Assert.Contains("spatula", run.Stderr);
        Assert.Contains("nothing was generated", run.Stderr);
        Assert.Empty(run.Stdout);
        Assert.Empty(generator.Calls);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "buckets")));
    }

    [Fact]
    public async Task Should_read_a_spec_from_stdin()
    {
        var run = await TestSpecs.RunAsync(null, new StringReader("{\"spec\": \"benchgen.task/v1\"}"), "generate", "--spec", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$", run.Stderr);
        Assert.Contains("objects", run.Stderr);
    }

    [Fact]
    public async Task Should_report_a_missing_spec_file_as_a_usage_error()
    {
        var run = await CliRun.RunAsync("generate", "--spec", "/nonexistent/task.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/task.json", run.Stderr);
    }

    [Fact]
    public async Task Should_hand_the_spec_to_the_generator_through_the_session()
    {
        using var data = new TempDir();
        var file = Path.Combine(data.Path, "task.json");
        await File.WriteAllTextAsync(file, TestSpecs.BowlOnPlate);
        var generator = new RecordingGenerator();

        var run = await TestSpecs.RunAsync(s => s.AddSingleton<IScenarioGenerator>(generator),
            "generate", "--spec", file, "--data-dir", data.Path, "--json", "--variants", "1");

        Assert.Equal(1, run.ExitCode); // the recording generator refuses every attempt
        var call = Assert.Single(generator.Calls);
        Assert.Equal("put the bowl on the plate", call.Prompt);
        Assert.Equal("on(bowl_1, plate_1)", call.Spec!.DescribeGoal());
        Assert.Equal("put the bowl on the plate", run.JsonLines.Single().GetProperty("prompt").GetString());
    }
}

public class Running_a_batch_with_spec_lines
{
    [Fact]
    public async Task Should_submit_spec_lines_beside_prompt_lines()
    {
        using var data = new TempDir();
        var file = Path.Combine(data.Path, "batch.txt");
        await File.WriteAllLinesAsync(file,
        [
            "# a prompt, a spec, and a spec with its own prompt",
            "A stack of 2 blocks",
            $$"""{"spec": {{TestSpecs.BowlOnPlate}}}""",
            $$"""{"prompt": "the bowl goes on the plate", "spec": {{TestSpecs.BowlOnPlate}}}""",
        ]);
        var generator = new RecordingGenerator();

        var run = await TestSpecs.RunAsync(s => s.AddSingleton<IScenarioGenerator>(generator), "batch", "--file", file, "--data-dir", data.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("3 prompts, 3 rejected", run.Stdout);
        lock (generator.Calls)
        {
            Assert.Contains(generator.Calls, c => c.Prompt == "A stack of 2 blocks" && c.Spec is null);
            Assert.Contains(generator.Calls, c => c.Prompt == "put the bowl on the plate" && c.Spec is not null);
            Assert.Contains(generator.Calls, c => c.Prompt == "the bowl goes on the plate" && c.Spec!.DescribeGoal() == "on(bowl_1, plate_1)");
        }
    }

    [Fact]
    public async Task Should_refuse_a_batch_with_a_bad_spec_line_naming_the_line_and_the_path()
    {
        using var data = new TempDir();
        var file = Path.Combine(data.Path, "batch.txt");
        await File.WriteAllLinesAsync(file, ["A stack of 2 blocks", "", $$"""{"spec": {{TestSpecs.Broken}}}"""]);

        var run = await CliRun.RunAsync("batch", "--file", file, "--data-dir", data.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3", run.Stderr);
        Assert.Contains("$.objects[1].kind", run.Stderr);
    }
}

/// <summary>
/// Rows of the public task sample (../shared/prompts/tasks.tsv) through the real embedded CLI — parser, compiler,
/// sandbox, MuJoCo validation, rendering, review, persistence — each benchmark.json read back for its task.
/// </summary>
public class Generating_tasks_from_the_public_sample
{
    private static async Task<JsonElement> GenerateAsync(TempDir data, params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--seed", "4", "--variants", "1", "--data-dir", data.Path, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var session = run.JsonLines.Single();
        var definition = new Uri(session.GetProperty("artifacts").GetProperty("definition").GetString()!).LocalPath;
        using var benchmark = JsonDocument.Parse(await File.ReadAllTextAsync(definition));
        return benchmark.RootElement.Clone();
    }

    private static string Predicates(JsonElement list) => string.Join(", ", list.EnumerateArray().Select(p =>
        $"{p.GetProperty("predicate").GetString()}({string.Join(", ", p.GetProperty("args").EnumerateArray().Select(a => a.GetString()))})"));

    [Theory]
    [InlineData("close the top drawer of the cabinet", "closed(cabinet_1.drawer_top)", "open(cabinet_1.drawer_top)")]
    [InlineData("Unplug a peg sideways.", "out_of(peg_1, socket_1)", "inserted(peg_1, socket_1)")]
    [InlineData("put the bowl on the plate", "on(bowl_1, plate_1)", "")]
    public async Task Should_store_the_task_that_was_asked_for(string prompt, string goal, string initial)
    {
        using var data = new TempDir();
        var benchmark = await GenerateAsync(data, "generate", prompt);
        var task = benchmark.GetProperty("task");
        Assert.Equal(goal, Predicates(task.GetProperty("goal")));
        Assert.Equal(initial, Predicates(task.GetProperty("initial")));
        Assert.True(benchmark.GetProperty("tier").GetInt32() >= 1);
        // Every object of the task is resolved to its MJCF body; the reference solution that proved it is stored.
        Assert.All(task.GetProperty("objects").EnumerateArray(), o => Assert.False(string.IsNullOrEmpty(o.GetProperty("body").GetString())));
        Assert.Equal("skills", benchmark.GetProperty("definition").GetProperty("reference_solution").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Should_generate_exactly_the_spec_a_person_edited_after_planning()
    {
        using var data = new TempDir();
        var planned = await CliRun.RunAsync("plan", "put the bowl on the plate", "--json");
        Assert.True(planned.ExitCode == 0, planned.Stdout + planned.Stderr);
        // The edit: the bowl goes to the right of the plate instead of on it.
        var edited = planned.Stdout.Replace("\"predicate\": \"on\"", "\"predicate\": \"right_of\"", StringComparison.Ordinal);
        Assert.NotEqual(planned.Stdout, edited);
        var file = System.IO.Path.Combine(data.Path, "task.json");
        await File.WriteAllTextAsync(file, edited);

        var benchmark = await GenerateAsync(data, "generate", "--spec", file);
        Assert.Equal("right_of(bowl_1, plate_1)", Predicates(benchmark.GetProperty("task").GetProperty("goal")));
    }
}
