using Benchgen.Generation;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// Issue 8 item 5 / issue 11 "fail-closed sandboxing": without a working strong sandbox, untrusted scripts are refused
/// unless Generation:AllowWeakSandbox says otherwise (logged loudly); Benchgen's own compiled scripts are trusted; the
/// probe's findings are logged at start-up and served as a health entry.
/// </summary>
public sealed class Sandbox_FailClosedSpecs
{
    private static GenerationOptions Weak(bool allow) => new() { Sandbox = SandboxMode.Process, AllowWeakSandbox = allow, ScriptTimeoutSeconds = 8 };

    // A prompt the way generation takes it: the embedded planner's TaskSpec compiled by Benchgen's one compiler.
    static Benchgen.Generation.Tasks.CompiledTask Compiled(string prompt)
    {
        var planned = new Benchgen.Generation.Tasks.Parsing.TaskParser().Parse(prompt);
        Assert.True(planned.Accepted, planned.Rejection);
        return new Benchgen.Generation.Tasks.TaskCompiler(new ScenarioCoder()).Compile(planned.Spec);
    }

    [SkippableFact]
    public async Task An_untrusted_script_without_the_strong_sandbox_and_without_the_opt_in_is_refused_and_never_runs()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "Debian's python3 is not installed");
        var marker = Path.Combine(Path.GetTempPath(), $"benchgen-refused-{Guid.NewGuid():N}");
        var source = $"open('{marker}', 'w').write('ran')\ndef build(seed, scale=1.0):\n    return 'ran'\ndef definition(seed, scale=1.0):\n    return {{}}\n";
        var sandbox = new ScriptSandbox(Weak(allow: false));

        var ex = await Assert.ThrowsAsync<GeneratorScriptException>(() => sandbox.RunAsync(source, [(1, 1.0)]));

        Assert.Equal(ScriptFailure.Refused, ex.Failure);
        Assert.Contains("untrusted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Generation:AllowWeakSandbox", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the refused script ran");
    }

    [SkippableFact]
    public async Task A_script_that_did_not_come_from_Benchgens_templates_is_untrusted_on_the_validation_path()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "Debian's python3 is not installed");
        var options = Weak(allow: false);
        var compiled = Compiled("stack 3 blocks");
        var plan = compiled.Plan;
        var trusted = compiled.Script;
        // The same source handed over as another writer would (an LLM backend, a user): untrusted by default.
        var foreign = new GeneratorScript(trusted.Source, plan, trusted.Adjustments, "llm-written");
        var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));

        Assert.Equal(ScriptTrust.Trusted, trusted.Trust);
        Assert.Equal(ScriptTrust.Untrusted, foreign.Trust);
        var ex = await Assert.ThrowsAsync<GeneratorScriptException>(() =>
            validation.RunAsync(plan, foreign, plan.Prompt, 5, 1, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(ScriptFailure.Refused, ex.Failure);
    }

    [SkippableFact]
    public async Task Benchgens_own_compiled_script_still_runs_in_the_weak_sandbox_without_the_opt_in()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "Debian's python3 is not installed");
        var script = Compiled("stack 3 blocks").Script;

        var runs = await new ScriptSandbox(Weak(allow: false)).RunAsync(script, [(1, 1.0)]);

        Assert.Contains("<freejoint", runs[0].Mjcf, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_untrusted_script_in_the_weak_sandbox_with_the_opt_in_runs_and_each_run_is_logged_as_a_warning()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "Debian's python3 is not installed");
        var logger = new ListLogger<ScriptSandbox>();
        var sandbox = new ScriptSandbox(Options.Create(Weak(allow: true)), logger);

        var runs = await sandbox.RunAsync("def build(seed, scale=1.0):\n    return 'x'\ndef definition(seed, scale=1.0):\n    return {}\n", [(1, 1.0)]);

        Assert.Equal("x", runs[0].Mjcf);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("UNTRUSTED", StringComparison.Ordinal) && e.Message.Contains("WEAK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_up_logs_a_weak_sandbox_that_refuses_untrusted_scripts_as_a_warning()
    {
        var logger = new ListLogger<SandboxStartupCheck>();
        await new SandboxStartupCheck(new ScriptSandbox(Weak(allow: false)), logger).StartAsync(CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("REFUSED", entry.Message, StringComparison.Ordinal);
        Assert.Contains("limits:", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_logs_a_weak_sandbox_that_lets_untrusted_scripts_in_as_a_warning()
    {
        var logger = new ListLogger<SandboxStartupCheck>();
        await new SandboxStartupCheck(new ScriptSandbox(Weak(allow: true)), logger).StartAsync(CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("AllowWeakSandbox lets UNTRUSTED scripts run", entry.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Start_up_logs_the_strong_sandbox_and_its_limits_as_information()
    {
        var sandbox = new ScriptSandbox(new GenerationOptions { Sandbox = SandboxMode.Bwrap });
        var problem = sandbox.StrongSandboxProblem;
        Skip.If(problem is not null, $"bubblewrap cannot run here: {problem}");
        var logger = new ListLogger<SandboxStartupCheck>();
        await new SandboxStartupCheck(sandbox, logger).StartAsync(CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("strong sandbox (bwrap)", entry.Message, StringComparison.Ordinal);
        Assert.Contains("untrusted scripts: run in the strong sandbox", entry.Message, StringComparison.Ordinal);
        Assert.Contains(entry.Message.Contains("cgroup v2 under", StringComparison.Ordinal) ? "memory.max 1024 MB" : "NPROC 8 for the run's uid, AS 128 MB each (1024 MB in all)",
            entry.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_health_entry_reports_the_mode_limits_and_policy()
    {
        var weak = await new SandboxHealthCheck(new ScriptSandbox(Weak(allow: false))).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, weak.Status);
        Assert.Equal("process", weak.Data["mode"]);
        Assert.StartsWith("refused", (string)weak.Data["untrusted_scripts"], StringComparison.Ordinal);

        var strongSandbox = new ScriptSandbox(new GenerationOptions { Sandbox = SandboxMode.Auto });
        var problem = strongSandbox.StrongSandboxProblem;
        Skip.If(problem is not null, $"bubblewrap cannot run here: {problem}");
        var strong = await new SandboxHealthCheck(strongSandbox).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, strong.Status);
        Assert.Equal("bwrap", strong.Data["mode"]);
    }

    [Fact]
    public void Without_a_cgroup_v2_hierarchy_the_probe_chooses_rlimits_and_says_why()
    {
        var root = Directory.CreateTempSubdirectory("benchgen-cgroup-");
        try
        {
            Assert.Null(CgroupV2Parent.Probe(null, out var reason, root.FullName, "/proc/self/cgroup"));
            Assert.Contains("no cgroup v2 hierarchy", reason, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_cgroup_without_the_memory_and_pids_controllers_is_not_used()
    {
        var root = Directory.CreateTempSubdirectory("benchgen-cgroup-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "cgroup.controllers"), "cpu io hugetlb\n");
            var self = Path.Combine(root.FullName, "self-cgroup");
            File.WriteAllText(self, "0::/\n");
            Assert.Null(CgroupV2Parent.Probe(null, out var reason, root.FullName, self));
            Assert.Contains("does not offer the memory and pids controllers", reason, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_processes_own_cgroup_is_read_from_the_v2_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "4:memory:/a/b\n0::/kubepods/pod1/ctr\n");
            Assert.Equal("/kubepods/pod1/ctr", CgroupV2Parent.ReadOwnCgroup(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
    }
}

/// <summary>
/// bubblewrap that cannot start: a process limit of 1 leaves it no room to fork its namespace init, a real failure of
/// the probe (which runs the way every run goes). Only meaningful where scripts get a uid of their own (root here).
/// </summary>
public sealed class Sandbox_BrokenBubblewrapSpecs
{
    private static ScriptSandbox Broken(SandboxMode mode)
    {
        Skip.IfNot(File.Exists("/usr/bin/bwrap") && File.Exists("/usr/bin/python3"), "bubblewrap or Debian's python3 is not installed");
        Skip.IfNot(File.Exists("/usr/bin/setpriv") && Environment.UserName == "root", "the per-run uid needs root and setpriv");
        var sandbox = new ScriptSandbox(new GenerationOptions { Sandbox = mode, ProcessLimit = 1, ScriptTimeoutSeconds = 8 });
        Skip.If(sandbox.StrongSandboxProblem is null, "bubblewrap started even with a process limit of 1");
        return sandbox;
    }

    [SkippableFact]
    public async Task With_Sandbox_bwrap_a_bubblewrap_that_cannot_start_stops_the_host_at_start_up()
    {
        var sandbox = Broken(SandboxMode.Bwrap);
        var logger = new ListLogger<SandboxStartupCheck>();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new SandboxStartupCheck(sandbox, logger).StartAsync(CancellationToken.None));

        Assert.Contains("Generation:Sandbox is bwrap", ex.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Critical);
        var health = await new SandboxHealthCheck(sandbox).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    [SkippableFact]
    public async Task With_Sandbox_auto_a_bubblewrap_that_cannot_start_means_the_weak_sandbox_and_untrusted_scripts_refused()
    {
        var sandbox = Broken(SandboxMode.Auto);

        Assert.Equal(SandboxMode.Process, sandbox.EffectiveMode);
        var ex = await Assert.ThrowsAsync<GeneratorScriptException>(() =>
            sandbox.RunAsync("def build(seed, scale=1.0):\n    return 'x'\ndef definition(seed, scale=1.0):\n    return {}\n", [(1, 1.0)]));
        Assert.Equal(ScriptFailure.Refused, ex.Failure);
        Assert.Contains("bubblewrap cannot run here", ex.Message, StringComparison.Ordinal);
    }
}
