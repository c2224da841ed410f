using Benchgen.Generation.Sandbox;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Running_misbehaving_scripts_in_the_sandbox
{
    public static TheoryData<SandboxMode> Modes()
    {
        var modes = new TheoryData<SandboxMode> { SandboxMode.Process };
        if (File.Exists("/usr/bin/bwrap")) modes.Add(SandboxMode.Bwrap);
        return modes;
    }

    private static ScriptSandbox Sandbox(SandboxMode mode, int timeoutSeconds = 20, int maxOutput = 1 << 20)
    {
        var sandbox = new ScriptSandbox(TestSupport.Options(o =>
        {
            o.Sandbox = mode;
            o.ScriptTimeoutSeconds = timeoutSeconds;
            o.MaxOutputBytes = maxOutput;
            // These scripts are written by the test (untrusted): the weak sandbox runs them only when allowed.
            o.AllowWeakSandbox = true;
        }));
        if (mode == SandboxMode.Bwrap)
        {
            try { _ = sandbox.EffectiveMode; }
            catch (InvalidOperationException ex) { Skip.If(true, ex.Message); }
        }
        return sandbox;
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Should_kill_a_hanging_script_with_a_timeout_error(SandboxMode mode)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var sandbox = Sandbox(mode, timeoutSeconds: 2);
        const string source = "import time\ndef build(seed, scale=1.0):\n    time.sleep(600)\ndef definition(seed, scale=1.0):\n    return {}\n";
        var ex = await Assert.ThrowsAsync<GeneratorScriptException>(() => sandbox.RunAsync(source, [(1, 1.0)]));
        Assert.Equal(ScriptFailure.TimedOut, ex.Failure);
        Assert.Equal("generator script timed out after 2 s", ex.Message);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Should_report_the_stderr_of_a_crashing_script(SandboxMode mode)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var sandbox = Sandbox(mode);
        const string source = "def build(seed, scale=1.0):\n    raise RuntimeError('the ramp angle is negative')\ndef definition(seed, scale=1.0):\n    return {}\n";
        var ex = await Assert.ThrowsAsync<GeneratorScriptException>(() => sandbox.RunAsync(source, [(1, 1.0)]));
        Assert.Equal(ScriptFailure.Crashed, ex.Failure);
        Assert.StartsWith("generator script crashed", ex.Message);
        Assert.Contains("RuntimeError: the ramp angle is negative", ex.Message);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Should_cut_a_script_that_floods_its_output(SandboxMode mode)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var sandbox = Sandbox(mode, maxOutput: 100_000);
        const string source = "import os\ndef build(seed, scale=1.0):\n    while True:\n        os.write(1, b'x' * 65536)\ndef definition(seed, scale=1.0):\n    return {}\n";
        var ex = await Assert.ThrowsAsync<GeneratorScriptException>(() => sandbox.RunAsync(source, [(1, 1.0)]));
        Assert.Equal(ScriptFailure.OutputTooLarge, ex.Failure);
        Assert.Equal("generator script printed more than 100000 bytes", ex.Message);
    }

    [SkippableFact]
    public async Task Should_have_no_network_and_a_read_only_script_directory_in_bubblewrap()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var sandbox = Sandbox(SandboxMode.Bwrap);
        const string source = """
            import os, socket
            def build(seed, scale=1.0):
                results = []
                try:
                    socket.create_connection(("1.1.1.1", 80), timeout=1)
                    results.append("net")
                except OSError:
                    pass
                try:
                    open(os.path.join(os.path.dirname(__file__), "x"), "w")
                    results.append("write")
                except OSError:
                    pass
                return ",".join(results) or "isolated"
            def definition(seed, scale=1.0):
                return {}
            """;
        var runs = await sandbox.RunAsync(source, [(1, 1.0)]);
        Assert.Equal("isolated", runs[0].Mjcf);
    }
}
