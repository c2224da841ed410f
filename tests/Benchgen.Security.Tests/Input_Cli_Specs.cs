using System.Diagnostics;
using Benchgen.Cli;
using Benchgen.Hosting;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>The real CLI in-process (as the end-to-end tests drive it), embedded, with each hostile flag and file.</summary>
public sealed class Input_Cli_Specs : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("benchgen-sec-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string DataDir => Path.Combine(dir, "data");

    sealed record Run(int ExitCode, string Stdout, string Stderr, TimeSpan Took);

    static async Task<Run> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        var code = await BenchgenCommandLine.RunAsync(args, stdout, stderr).WaitAsync(TimeSpan.FromMinutes(5));
        return new Run(code, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    [Theory]
    [MemberData(nameof(InputCases.Names), MemberType = typeof(InputCases))]
    public async Task Each_bad_request_of_the_table_exits_2_with_the_rules_reason(string name)
    {
        var c = InputCases.Named(name);
        var args = new List<string> { "generate", c.Prompt, "--data-dir", DataDir };
        if (c.Seed is { } seed)
        {
            args.Add($"--seed={seed}");
        }

        if (c.Variants is { } variants)
        {
            args.Add($"--variants={variants}");
        }

        var run = await CliAsync([.. args]);

        Assert.Equal(BenchgenCommandLine.Usage, run.ExitCode);
        Assert.Contains(c.Reason, run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(DataDir, "buckets")), "nothing may be generated");
    }

    [Theory]
    [InlineData("--seed", "-5", "the seed must be a whole number from 0 to 2147483647; got -5")]
    [InlineData("--variants", "33", "the variant count must be a whole number from 0 to 32; got 33")]
    [InlineData("--variants", "-1", "the variant count must be a whole number from 0 to 32; got -1")]
    [InlineData("--variants", "abc", "the variant count must be a whole number from 0 to 32; got abc")]
    [InlineData("--timeout", "-5", "the timeout must be a whole number from 1 to 86400; got -5")]
    [InlineData("--timeout", "0", "the timeout must be a whole number from 1 to 86400; got 0")]
    [InlineData("--timeout", "99999999999", "the timeout must be a whole number from 1 to 86400; got 99999999999")]
    public async Task A_bad_number_flag_is_a_clear_usage_error_not_a_stack_trace(string flag, string value, string reason)
    {
        foreach (var command in new[] { "generate", "batch" })
        {
            var file = Path.Combine(dir, "prompts.txt");
            File.WriteAllText(file, "A stack of 3 blocks\n");
            string[] args = command == "generate"
                ? ["generate", "A stack of 3 blocks", flag, value, "--data-dir", DataDir]
                : ["batch", "--file", file, flag, value, "--data-dir", DataDir];
            var run = await CliAsync(args);

            Assert.Equal(BenchgenCommandLine.Usage, run.ExitCode);
            Assert.Contains(reason, run.Stderr);
            Assert.DoesNotContain(" at ", run.Stderr); // no stack trace
        }
    }

    [Fact]
    public async Task A_batch_file_of_dev_zero_is_refused_after_reading_at_most_the_limit()
    {
        var before = GC.GetTotalAllocatedBytes();
        var run = await CliAsync("batch", "--file", "/dev/zero", "--data-dir", DataDir);

        Assert.Equal(BenchgenCommandLine.Usage, run.ExitCode);
        Assert.Contains("larger than 16 MiB", run.Stderr);
        // Bounded: a few times the 16 MiB budget, not gigabytes.
        Assert.True(GC.GetTotalAllocatedBytes() - before < 256L * 1024 * 1024, $"{(GC.GetTotalAllocatedBytes() - before) >> 20} MiB allocated");
    }

    [Fact]
    public async Task A_spec_file_of_dev_zero_is_refused()
    {
        var run = await CliAsync("generate", "--spec", "/dev/zero", "--data-dir", DataDir);

        Assert.Equal(BenchgenCommandLine.Usage, run.ExitCode);
        Assert.Contains("larger than", run.Stderr);
    }

    [Fact]
    public async Task A_batch_of_10001_lines_is_refused_before_anything_is_published()
    {
        var file = Path.Combine(dir, "big.txt");
        File.WriteAllLines(file, Enumerable.Repeat("A stack of 3 blocks", 10_001));
        var run = await CliAsync("batch", "--file", file, "--data-dir", DataDir);

        Assert.Equal(BenchgenCommandLine.Usage, run.ExitCode);
        Assert.Contains(RequestRules.BatchSize(10_001)!, run.Stderr);
        Assert.DoesNotContain("published", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(DataDir, "staging")), "nothing may be published");
    }

    [Fact]
    public async Task An_unwritable_data_dir_fails_up_front_before_any_work()
    {
        // Root writes through permission bits, so make the path impossible instead: a folder below a regular file.
        var file = Path.Combine(dir, "not-a-folder");
        File.WriteAllText(file, "");
        var run = await CliAsync("generate", "A stack of 3 blocks", "--data-dir", Path.Combine(file, "data"));

        Assert.Equal(BenchgenCommandLine.Usage, run.ExitCode);
        Assert.Contains("is not writable", run.Stderr);
        Assert.Contains("nothing was generated", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_prompt_with_newlines_cannot_forge_lines_of_the_text_output()
    {
        // Newlines are allowed in a prompt (control characters such as ESC are refused by the rules).
        var forged = "A stack of 3 blocks\nState:      Accepted\r\nAsset URL:  http://evil.example/payload\u2028Benchmark:  bm-forged";
        var run = await CliAsync("generate", forged, "--variants", "0", "--data-dir", DataDir);

        var lines = run.Stdout.Split('\n');
        Assert.Single(lines, l => l.StartsWith("State:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Asset URL:  http://evil", StringComparison.Ordinal));
        Assert.Contains(@"Prompt:     A stack of 3 blocks\nState:      Accepted\r\nAsset URL:  http://evil.example/payload\u2028Benchmark:  bm-forged", run.Stdout);
        Assert.DoesNotContain('\u2028', run.Stdout);
        Assert.DoesNotContain('\r', run.Stdout);
    }

    [Fact]
    public async Task After_the_timeout_a_long_batch_is_cancelled_and_the_cli_returns_promptly()
    {
        var file = Path.Combine(dir, "long.txt");
        File.WriteAllLines(file, Enumerable.Range(0, 400).Select(i => $"A stack of {2 + i % 4} blocks"));
        var run = await CliAsync("batch", "--file", file, "--timeout", "3", "--variants", "0", "--data-dir", DataDir, "--json");

        Assert.Equal(BenchgenCommandLine.NotAccepted, run.ExitCode);
        Assert.Contains("\"state\":\"Unknown\"", run.Stdout);
        // 400 generations take minutes on this machine; stopping must not wait for them. The bound is generous for a
        // loaded 2-core machine: start-up, 3 s of work, a 1 s grace for the running attempts, the bus stop.
        Assert.True(run.Took < TimeSpan.FromSeconds(60), $"returned after {run.Took.TotalSeconds:0} s");
    }
}
