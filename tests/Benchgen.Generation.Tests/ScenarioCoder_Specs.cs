using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Benchgen.Generation.Coding;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Running_the_stack_generator_script
{
    [SkippableFact]
    public async Task Should_give_byte_identical_mjcf_for_the_same_seed()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var script = TestSupport.Script("A stack of 3 blocks");
        var first = await TestSupport.RunAsync(script.Source, (11, 1.0), (11, 1.0));
        var second = await TestSupport.RunAsync(script.Source, (11, 1.0));
        Assert.Equal(first[0].Mjcf, first[1].Mjcf);
        Assert.Equal(first[0].Mjcf, second[0].Mjcf);
        Assert.Equal(first[0].Definition.ToJsonString(), second[0].Definition.ToJsonString());
    }

    [SkippableFact]
    public async Task Should_vary_dimensions_within_the_plan_ranges_across_seeds()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var compiled = TestSupport.Compile("A stack of 3 blocks");
        var runs = await TestSupport.RunAsync(compiled.Script.Source, (1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0));

        var sizes = runs.Select(r => BoxSizes(r.Mjcf)).ToArray();
        Assert.Equal(4, sizes.Select(s => string.Join(",", s.SelectMany(v => v))).Distinct().Count());
        // A block's half extents: the library's nominal 2.5 cm ±30 % per side, times the spec's size factor range.
        var factor = compiled.Spec.Variation.Ranges["block_1.size"];
        var (lo, hi) = (0.025 * 0.7 * factor[0] * 0.985 * 0.985, 0.025 * 1.3 * factor[1]);
        foreach (var size in sizes.SelectMany(s => s))
        {
            Assert.True(size[0] >= lo - 1e-5 && size[0] <= hi + 1e-5 && size[1] >= lo - 1e-5 && size[1] <= hi + 1e-5, $"footprint {size[0]} x {size[1]} outside [{lo}, {hi}]");
            Assert.True(size[2] <= Math.Min(size[0], size[1]) + 1e-5, $"height {size[2]} taller than wide");
        }
        // The tower's blocks share one size, each tapered 1.5 % from the one below, so every block rests wholly on its support.
        Assert.All(sizes, s =>
        {
            for (var i = 1; i < s.Length; i++)
                for (var k = 0; k < 3; k++) Assert.True(Math.Abs(s[i - 1][k] * 0.985 - s[i][k]) < 2e-5, $"block {i} side {k}: {s[i][k]} vs {s[i - 1][k]}");
        });
        var starts = runs.Select(r => r.Definition["payload"]!["start"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray()).ToArray();
        Assert.True(starts.Max(s => s[0]) - starts.Min(s => s[0]) > 0.05, "stack position does not vary with the seed");
    }

    [SkippableFact]
    public async Task Should_scale_the_scene()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var script = TestSupport.Script("A stack of 3 blocks");
        var runs = await TestSupport.RunAsync(script.Source, (5, 1.0), (5, 2.0));
        var small = BoxSizes(runs[0].Mjcf);
        var large = BoxSizes(runs[1].Mjcf);
        Assert.Equal(small[0][0] * 2, large[0][0], 4);
    }

    [SkippableFact]
    public async Task Should_reproduce_build_from_the_command_line()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "/usr/bin/python3 is not installed");
        var script = TestSupport.Script("A tower of five cubes");
        var dir = Directory.CreateTempSubdirectory("benchgen-cli-");
        try
        {
            var path = Path.Combine(dir.FullName, "script.py");
            await File.WriteAllTextAsync(path, script.Source);
            var fromCli = await RunPython(path, "--seed", "23");
            var definitionCli = await RunPython(path, "--seed", "23", "--definition");
            var fromDriver = (await TestSupport.RunAsync(script.Source, (23, 1.0)))[0];
            Assert.Equal(fromDriver.Mjcf, fromCli);
            Assert.Equal(23, System.Text.Json.Nodes.JsonNode.Parse(definitionCli)!["seed"]!.GetValue<int>());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Should_answer_payload_feedback_by_enlarging_and_recolouring_the_payload()
    {
        var adjustments = ReviewAdjustments.FromFeedback("rejected: payload block_2 is hidden: visible (≥ 100 px) in only 3 of 24 views");
        Assert.True(adjustments.EnlargePayload);
        Assert.True(adjustments.HighlightPayload);
        Assert.False(ReviewAdjustments.FromFeedback(null).Any);
    }

    [SkippableFact]
    public async Task Should_make_the_payload_bigger_after_hidden_payload_feedback()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var plain = TestSupport.Script("A stack of 3 blocks");
        var adjusted = TestSupport.Script("A stack of 3 blocks", "rejected: payload block_2 is hidden: visible in only 2 of 24 views");
        var before = (await TestSupport.RunAsync(plain.Source, (9, 1.0)))[0];
        var after = (await TestSupport.RunAsync(adjusted.Source, (9, 1.0)))[0];
        var payloadBefore = BoxSizes(before.Mjcf)[^1];
        var payloadAfter = BoxSizes(after.Mjcf)[^1];
        // The payload (the top block) is built 1.25x larger in every dimension; nothing else changes size.
        for (var i = 0; i < 3; i++) Assert.Equal(payloadBefore[i] * 1.25, payloadAfter[i], 4);
        Assert.Equal(BoxSizes(before.Mjcf)[0], BoxSizes(after.Mjcf)[0]);
        Assert.Contains("rgba=\"1.00000 0.35000 0.05000 1.00000\"", after.Mjcf);
    }

    internal static double[][] BoxSizes(string mjcf) =>
        Regex.Matches(mjcf, "<geom name=\"block_\\d+_geom\" type=\"box\" (?:pos=\"[^\"]+\" )?size=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    private static async Task<string> RunPython(string path, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(path);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}

public sealed class Writing_prompts_into_scripts
{
    public static TheoryData<string> InjectionPrompts => new()
    {
        "A stack of 3 blocks\"\"\"; import os; os.system(\"touch /tmp/benchgen-pwned\") #",
        "A stack of 3 blocks\n__import__('os').system('touch /tmp/benchgen-pwned')",
        "A stack of 3 blocks'; __import__('os').system('touch /tmp/benchgen-pwned'); '",
        "A stack of 3 blocks \\\" + __import__('os').system('touch /tmp/benchgen-pwned') + \\\"",
        "A stack of 3 blocks __BENCHGEN_PLAN__ __BENCHGEN_PROMPT__ \u2028 \U0001F9F1 \0",
    };

    [SkippableTheory]
    [MemberData(nameof(InjectionPrompts))]
    public async Task Should_keep_injection_prompts_inert_data(string prompt)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        const string marker = "/tmp/benchgen-pwned";
        File.Delete(marker);
        // A spec carries any prompt text (the planner would reject these words): the compiled script holds it as data.
        var spec = TestSupport.Planner.Parse("A stack of 3 blocks").Spec with { Prompt = prompt };
        var script = TestSupport.Compiler.Compile(spec).Script;

        // Run outside bubblewrap too, where /tmp is the real one.
        var sandbox = new Sandbox.ScriptSandbox(TestSupport.Options(o => o.Sandbox = SandboxMode.Process));
        var runs = await sandbox.RunAsync(script, [(3, 1.0)]);

        Assert.False(File.Exists(marker), "the prompt was executed as code");
        Assert.Equal(prompt, runs[0].Definition["prompt"]!.GetValue<string>());
        Assert.Contains("<freejoint", runs[0].Mjcf);
    }

    [Fact]
    public void Should_quote_every_character_as_a_python_literal()
    {
        Assert.Equal("\"a\\\"b\\\\c\\x0ad\\u2028\\U0001f9f1\"", PythonLiteral.Quote("a\"b\\c\nd\u2028\U0001F9F1"));
    }
}
