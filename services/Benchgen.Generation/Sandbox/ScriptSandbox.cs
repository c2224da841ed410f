using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Sandbox;

/// <summary>One (seed, scale) evaluation of a generator script.</summary>
public sealed record ScriptRun(int Seed, double Scale, string Mjcf, JsonObject Definition);

/// <summary>Why a generator script run failed; the message is meant for the user.</summary>
public enum ScriptFailure { TimedOut, Crashed, OutputTooLarge, BadOutput }

public sealed class GeneratorScriptException(ScriptFailure failure, string message) : Exception(message)
{
    public ScriptFailure Failure { get; } = failure;
}

/// <summary>
/// Runs generator scripts under Debian's python3 in bubblewrap (no network, read-only /usr, private /tmp, script
/// directory read-only) when that works, otherwise as a plain child process; both under prlimit CPU and address-space
/// limits, a wall-clock timeout that kills the process tree, and caps on stdout/stderr. All seeds share one interpreter.
/// </summary>
public sealed class ScriptSandbox
{
    private const string DebianPython = "/usr/bin/python3";
    private const string Bwrap = "/usr/bin/bwrap";
    private const string Prlimit = "/usr/bin/prlimit";
    private static readonly Lazy<bool> BwrapWorks = new(ProbeBwrap);

    private readonly GenerationOptions _options;
    private readonly ILogger<ScriptSandbox> _logger;

    public ScriptSandbox(IOptions<GenerationOptions> options, ILogger<ScriptSandbox>? logger = null)
    {
        _options = options.Value;
        _logger = logger ?? NullLogger<ScriptSandbox>.Instance;
    }

    public ScriptSandbox(GenerationOptions options) : this(Options.Create(options)) { }

    /// <summary>The isolation this sandbox actually uses here ("bwrap" or "process").</summary>
    public SandboxMode EffectiveMode => _options.Sandbox switch
    {
        SandboxMode.Bwrap when !BwrapWorks.Value => throw new InvalidOperationException(
            $"Generation:Sandbox is bwrap but {Bwrap} cannot start a sandbox with {DebianPython} on this machine."),
        SandboxMode.Bwrap => SandboxMode.Bwrap,
        SandboxMode.Process => SandboxMode.Process,
        _ => BwrapWorks.Value ? SandboxMode.Bwrap : SandboxMode.Process,
    };

    public async Task<IReadOnlyList<ScriptRun>> RunAsync(
        string scriptSource, IReadOnlyList<(int Seed, double Scale)> runs, CancellationToken cancellationToken = default)
    {
        var stdout = await RunRawAsync(scriptSource, runs, cancellationToken).ConfigureAwait(false);
        return ParseRuns(stdout, runs);
    }

    /// <summary>Runs the driver and returns its raw stdout; throws <see cref="GeneratorScriptException"/> on any failure.</summary>
    public async Task<string> RunRawAsync(
        string scriptSource, IReadOnlyList<(int Seed, double Scale)> runs, CancellationToken cancellationToken = default)
    {
        var workDir = Directory.CreateTempSubdirectory("benchgen-script-");
        try
        {
            var scriptPath = Path.Combine(workDir.FullName, "script.py");
            var driverPath = Path.Combine(workDir.FullName, "driver.py");
            await File.WriteAllTextAsync(scriptPath, scriptSource, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(driverPath, LoadDriver(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            var runsJson = JsonSerializer.Serialize(runs.Select(r => new object[] { r.Seed, r.Scale }));
            var startInfo = BuildStartInfo(workDir.FullName, runsJson);
            return await ExecuteAsync(startInfo, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try { workDir.Delete(recursive: true); }
            catch (IOException ex) { _logger.LogWarning(ex, "Could not delete sandbox directory {Dir}", workDir.FullName); }
        }
    }

    private ProcessStartInfo BuildStartInfo(string workDir, string runsJson)
    {
        var mode = EffectiveMode;
        var python = ResolvePython(mode);
        var timeout = Math.Max(1, _options.ScriptTimeoutSeconds);
        var command = new List<string>();
        if (File.Exists(Prlimit))
        {
            // CPU limit slightly above the wall clock so the wall-clock timeout reports first for busy loops.
            command.AddRange([Prlimit, $"--cpu={timeout + 2}", $"--as={(long)Math.Max(64, _options.MemoryLimitMb) * 1024 * 1024}", "--"]);
        }

        string scriptDir;
        if (mode == SandboxMode.Bwrap)
        {
            scriptDir = "/sandbox";
            command.AddRange(BwrapPrefix());
            command.AddRange(["--ro-bind", workDir, scriptDir, "--chdir", scriptDir]);
        }
        else
        {
            scriptDir = workDir;
        }
        command.AddRange([python, "-I", "-B", $"{scriptDir}/driver.py", $"{scriptDir}/script.py", runsJson]);

        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var argument in command.Skip(1)) startInfo.ArgumentList.Add(argument);
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/bin:/bin";
        startInfo.Environment["LANG"] = "C.UTF-8";
        return startInfo;
    }

    private static IEnumerable<string> BwrapPrefix() =>
    [
        Bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
        "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
        "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
    ];

    private string ResolvePython(SandboxMode mode)
    {
        if (!string.IsNullOrWhiteSpace(_options.PythonPath)) return _options.PythonPath;
        if (File.Exists(DebianPython) || mode == SandboxMode.Bwrap) return DebianPython;
        return "python3";
    }

    private async Task<string> ExecuteAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Cannot start the generator sandbox ({startInfo.FileName}): {ex.Message}", ex);
        }
        process.StandardInput.Close();

        var limit = Math.Max(1024, _options.MaxOutputBytes);
        using var overflow = new CancellationTokenSource();
        var stdoutTask = CaptureAsync(process.StandardOutput.BaseStream, limit, overflow);
        var stderrTask = CaptureAsync(process.StandardError.BaseStream, limit, overflow);

        var timeout = TimeSpan.FromSeconds(Math.Max(1, _options.ScriptTimeoutSeconds));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overflow.Token);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            // A grandchild that kept the pipes open counts against the same deadline.
            await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (stdoutTask.IsCompleted && stdoutTask.Result.Overflowed || stderrTask.IsCompleted && stderrTask.Result.Overflowed)
                overflow.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            if (overflow.IsCancellationRequested)
                throw new GeneratorScriptException(ScriptFailure.OutputTooLarge,
                    $"generator script printed more than {limit} bytes");
            throw new GeneratorScriptException(ScriptFailure.TimedOut,
                $"generator script timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        // The pipes close when the process tree exits; drain what is left.
        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        if (stdout.Overflowed || stderr.Overflowed)
            throw new GeneratorScriptException(ScriptFailure.OutputTooLarge, $"generator script printed more than {limit} bytes");
        if (process.ExitCode != 0)
        {
            var reason = process.ExitCode switch
            {
                152 => " (CPU time limit exceeded)",
                137 => " (killed, probably by the memory limit)",
                _ => "",
            };
            throw new GeneratorScriptException(ScriptFailure.Crashed,
                $"generator script crashed (exit code {process.ExitCode}{reason}): {LastLines(stderr.Text, 12)}");
        }
        return stdout.Text;
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already exited */ }
    }

    private sealed record Captured(string Text, bool Overflowed);

    private static async Task<Captured> CaptureAsync(Stream stream, int limit, CancellationTokenSource overflow)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var overflowed = false;
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (overflowed) continue;
            if (buffer.Length + read > limit)
            {
                overflowed = true;
                try { overflow.Cancel(); } catch (ObjectDisposedException) { }
                continue;
            }
            buffer.Write(chunk, 0, read);
        }
        return new Captured(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), overflowed);
    }

    private static string LastLines(string text, int count)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output on stderr)" : string.Join(" | ", lines.TakeLast(count));
    }

    private static IReadOnlyList<ScriptRun> ParseRuns(string stdout, IReadOnlyList<(int Seed, double Scale)> runs)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != runs.Count)
            throw new GeneratorScriptException(ScriptFailure.BadOutput,
                $"generator script produced {lines.Length} results for {runs.Count} seed/scale pairs");
        var results = new List<ScriptRun>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            try
            {
                var node = JsonNode.Parse(lines[i])!.AsObject();
                var mjcf = node["mjcf"]!.GetValue<string>();
                var definition = node["definition"]!.AsObject();
                node.Remove("definition");
                results.Add(new ScriptRun(runs[i].Seed, runs[i].Scale, mjcf, definition));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException)
            {
                throw new GeneratorScriptException(ScriptFailure.BadOutput,
                    $"generator script result {i + 1} is not a valid result line: {ex.Message}");
            }
        }
        return results;
    }

    private static string LoadDriver()
    {
        using var stream = typeof(ScriptSandbox).Assembly.GetManifestResourceStream("Benchgen.Generation.Sandbox.driver.py")
            ?? throw new InvalidOperationException("The sandbox driver resource is missing from Benchgen.Generation.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static bool ProbeBwrap()
    {
        if (!File.Exists(Bwrap) || !File.Exists(DebianPython)) return false;
        try
        {
            var startInfo = new ProcessStartInfo(Bwrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in BwrapPrefix().Skip(1)) startInfo.ArgumentList.Add(argument);
            startInfo.ArgumentList.Add(DebianPython);
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("print('ok')");
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0 && output.Result.Trim() == "ok";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
