using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

public sealed class Validating_the_golden_stack(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Should_pass_all_five_seeds_with_three_free_bodies()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var compiled = TestSupport.Compile("A stack of 3 blocks");
        var seeds = new[] { 42 }.Concat(ScriptValidation.VariantSeeds(42, 4)).Select(s => (s, 1.0)).ToArray();
        var runs = await TestSupport.RunAsync(compiled.Script.Source, seeds);

        var report = new ScenarioValidator(TestSupport.Options()).Validate(compiled.Plan, runs, null, compiled.Spec);
        output.WriteLine(report.ToJson());

        Assert.True(report.Passed, report.Summary);
        Assert.Equal(5, report.Runs.Count);
        Assert.Equal(3, compiled.Plan.ExpectedFreeBodies);
        Assert.All(report.Runs, r => Assert.True(r.Checks.Single(c => c.Name == "task_objects").Passed));
        foreach (var run in runs)
        {
            using var model = Benchgen.Physics.MujocoModel.Compile(run.Mjcf);
            Assert.Equal(3, model.Bodies.Count(b => b.IsFree));
        }
        Assert.InRange(report.Difficulty, 0.0, 1.0);
    }
}

public sealed class Validating_stack_prompts_across_seeds(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("A tower of five cubes")]
    [InlineData("Stack 4 wooden cylinders")]
    [InlineData("A stack of 2 large red blocks")]
    [InlineData("A tower of 20 small metal blocks")]
    [InlineData("A staggered stack of 8 large foam boxes")]
    [InlineData("A stack of 12 rubber cylinders")]
    [InlineData("A tower of 20 large glass cylinders")]
    public async Task Should_pass_the_canonical_seed_and_four_variants(string prompt)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var compiled = TestSupport.Compile(prompt);
        var plan = compiled.Plan;
        var script = compiled.Script;
        var runs = new[] { 7 }.Concat(ScriptValidation.VariantSeeds(7, 4)).Select(s => (s, 1.0))
            .Append((7, 0.5)).Append((7, 2.0)).ToArray();
        var results = await TestSupport.RunAsync(script.Source, runs);

        var report = new ScenarioValidator(TestSupport.Options()).Validate(plan, results, null, compiled.Spec);
        output.WriteLine(report.Summary);

        Assert.True(report.Passed, report.Summary);
        var asked = int.Parse(System.Text.RegularExpressions.Regex.Match(prompt.Replace("five", "5"), "[0-9]+").Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(asked, plan.ExpectedFreeBodies);
        Assert.All(report.Runs, r => Assert.True(r.Checks.Single(c => c.Name == "task_objects").Passed, $"seed {r.Seed} x{r.Scale}"));
    }
}

public sealed class Validating_broken_variants(ITestOutputHelper output)
{
    private static async Task<(Benchgen.Generation.Tasks.CompiledTask Plan, ScriptRun Run)> GoldenAsync()
    {
        var compiled = TestSupport.Compile("A stack of 3 blocks");
        var runs = await TestSupport.RunAsync(compiled.Script.Source, (42, 1.0));
        return (compiled, runs[0]);
    }

    private ValidationReport Validate(Benchgen.Generation.Tasks.CompiledTask compiled, ScriptRun run)
    {
        var report = new ScenarioValidator(TestSupport.Options()).Validate(compiled.Plan, [run], null, compiled.Spec);
        output.WriteLine(report.Summary);
        return report;
    }

    [SkippableFact]
    public async Task Should_reject_mjcf_with_an_unknown_attribute_naming_it()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (plan, run) = await GoldenAsync();
        var broken = run with { Mjcf = run.Mjcf.Replace("<freejoint name=\"block_1_joint\"/>", "<freejoint name=\"block_1_joint\" wobble=\"3\"/>") };

        var report = Validate(plan, broken);

        Assert.False(report.Passed);
        var compiles = report.Runs[0].Checks.Single(c => c.Name == "compiles");
        Assert.False(compiles.Passed);
        Assert.Contains("refused before compiling", compiles.Detail);
        Assert.Contains("wobble", compiles.Detail);
        Assert.Contains("wobble", report.Summary);
    }

    [SkippableFact]
    public async Task Should_reject_a_variant_whose_blocks_start_interpenetrating()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (plan, run) = await GoldenAsync();
        var lines = run.Mjcf.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains("<body name=\"block_1\""));
        lines[index] = System.Text.RegularExpressions.Regex.Replace(lines[index], "pos=\"([^ ]+) ([^ ]+) ([^\"]+)\"",
            m => $"pos=\"{m.Groups[1].Value} {m.Groups[2].Value} {(double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) - 0.01).ToString(System.Globalization.CultureInfo.InvariantCulture)}\"");
        var sunk = run with { Mjcf = string.Join('\n', lines) };

        var report = Validate(plan, sunk);

        Assert.False(report.Passed);
        var penetration = report.Runs[0].Checks.Single(c => c.Name == "initial_penetration");
        Assert.False(penetration.Passed);
        Assert.True(penetration.Value > penetration.Limit);
    }

    [SkippableFact]
    public async Task Should_reject_a_variant_that_explodes()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var (plan, run) = await GoldenAsync();
        // An absurd gravity and a coarse timestep drive the free bodies far past 100 m/s.
        var exploding = run with
        {
            Mjcf = System.Text.RegularExpressions.Regex.Replace(run.Mjcf, "<option [^>]*/>", "<option timestep=\"0.01\" gravity=\"300 0 -9.81\"/>"),
        };

        var report = Validate(plan, exploding);

        Assert.False(report.Passed);
        var failed = report.Runs[0].Failures.Select(c => c.Name).ToArray();
        Assert.Contains("max_speed", failed);
    }
}
