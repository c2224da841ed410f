using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation.Coding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Sandbox;

/// <summary>One (seed, scale) evaluation of a generator script.</summary>
public sealed record ScriptRun(int Seed, double Scale, string Mjcf, JsonObject Definition);

/// <summary>Why a generator script run failed; the message is meant for the user.</summary>
public enum ScriptFailure { TimedOut, Crashed, OutputTooLarge, BadOutput, Refused }

/// <summary>
/// Who wrote a script. <see cref="Trusted"/>: compiled by Benchgen from its own templates, data entering only as Python
/// literals. <see cref="Untrusted"/>: anything else (LLM-written, user-supplied) — it never runs without the strong
/// sandbox unless <see cref="GenerationOptions.AllowWeakSandbox"/> is set.
/// </summary>
public enum ScriptTrust { Untrusted, Trusted }

public sealed class GeneratorScriptException(ScriptFailure failure, string message) : Exception(message)
{
    public ScriptFailure Failure { get; } = failure;
}

/// <summary>What the sandbox enforces on this machine with these settings (logged at start-up, served at /health/sandbox).</summary>
/// <param name="Mode">bwrap (strong) or process (weak).</param>
/// <param name="Limits">How the whole-sandbox limits are enforced: a cgroup v2 or rlimits on every process.</param>
/// <param name="Identity">Which uid scripts run as.</param>
/// <param name="UntrustedScripts">What happens to an untrusted script: run, refused, or run in the weak sandbox.</param>
/// <param name="StrongSandboxProblem">Why bubblewrap cannot run here, when it cannot.</param>
public sealed record SandboxReport(string Mode, bool Strong, string Limits, string Identity, string UntrustedScripts, string? StrongSandboxProblem)
{
    public override string ToString() =>
        $"{(Strong ? "strong" : "WEAK")} sandbox ({Mode}); limits: {Limits}; identity: {Identity}; untrusted scripts: {UntrustedScripts}" +
        (StrongSandboxProblem is null ? "" : $"; bubblewrap unavailable: {StrongSandboxProblem}");
}

/// <summary>
/// Runs generator scripts under Debian's python3. Strong sandbox (bubblewrap): new user, pid, network, IPC, UTS and
/// mount namespaces, every capability dropped, an unprivileged uid inside (and, when Benchgen is root, a per-run uid of
/// its own outside), no new privileges, a new session, die-with-parent, read-only /usr and script folder, a small private
/// /tmp, everything else absent or read-only, a fresh /proc that shows only the sandbox, no network. Weak sandbox (no
/// namespaces): a per-run uid when Benchgen is root, a private temporary working folder, and the same system-call filter
/// (no sockets). Both: a clean environment, whole-sandbox process and memory limits (a cgroup v2 when one is delegated,
/// else rlimits on every process), CPU/file-size/open-file/core rlimits, a wall-clock timeout, caps on stdout/stderr,
/// and after every run everything the run started is killed. All seeds share one interpreter.
/// </summary>
public sealed class ScriptSandbox
{
    private const string DebianPython = "/usr/bin/python3";
    private const string Bwrap = "/usr/bin/bwrap";
    private const string InnerUid = "65534";
    private const long FileSizeLimitBytes = 64L * 1024 * 1024;
    private const long TmpfsBytes = 16L * 1024 * 1024;
    private const int OpenFileLimit = 64;
    /// <summary>The driver's exit code when it could not install its system-call filter.</summary>
    private const int ExitUnconfined = 97;

    private static readonly Dictionary<string, Lazy<string?>> BwrapProblems = [];
    private static readonly Dictionary<string, Lazy<(CgroupV2Parent? Parent, string Reason)>> Cgroups = [];

    private readonly GenerationOptions _options;
    private readonly ILogger<ScriptSandbox> _logger;

    public ScriptSandbox(IOptions<GenerationOptions> options, ILogger<ScriptSandbox>? logger = null)
    {
        _options = options.Value;
        _logger = logger ?? NullLogger<ScriptSandbox>.Instance;
    }

    public ScriptSandbox(GenerationOptions options) : this(Options.Create(options)) { }

    /// <summary>Why bubblewrap cannot run a script here (null when it can), probed once per sandbox shape.</summary>
    public string? StrongSandboxProblem
    {
        get
        {
            Lazy<string?> probe;
            lock (BwrapProblems)
            {
                // The probe runs the way every run goes, so everything that shapes a run is part of its key.
                var key = $"{_options.SandboxUidBase}:{_options.SandboxUidCount}:{_options.ProcessLimit}:{_options.MemoryLimitMb}:{_options.SandboxCgroup}";
                if (!BwrapProblems.TryGetValue(key, out probe!))
                    BwrapProblems[key] = probe = new Lazy<string?>(ProbeBwrap);
            }
            return probe.Value;
        }
    }

    /// <summary>The isolation this sandbox actually uses here ("bwrap" or "process").</summary>
    public SandboxMode EffectiveMode => _skipProbe ? SandboxMode.Bwrap : _options.Sandbox switch
    {
        SandboxMode.Bwrap when StrongSandboxProblem is { } problem => throw new InvalidOperationException(
            $"Generation:Sandbox is bwrap but {Bwrap} cannot start a sandbox with {DebianPython} on this machine: {problem}"),
        SandboxMode.Bwrap => SandboxMode.Bwrap,
        SandboxMode.Process => SandboxMode.Process,
        _ => StrongSandboxProblem is null ? SandboxMode.Bwrap : SandboxMode.Process,
    };

    /// <summary>What is enforced here; throws like <see cref="EffectiveMode"/> when bwrap is required and cannot run.</summary>
    public SandboxReport Describe()
    {
        var mode = EffectiveMode;
        var (cgroup, cgroupReason) = Cgroup();
        var (addressSpace, processes) = Limits(cgroup is not null);
        var cpu = CpuSeconds;
        var limits = cgroup is not null
            ? $"{cgroupReason}: memory.max {_options.MemoryLimitMb} MB (no swap), pids.max {processes} for the whole sandbox; " +
              $"rlimits per process AS {addressSpace >> 20} MB, NPROC {processes}, CPU {cpu} s, FSIZE {FileSizeLimitBytes >> 20} MB, NOFILE {OpenFileLimit}, CORE 0"
            : $"rlimits on every process (no cgroup: {cgroupReason}): NPROC {processes} for the run's uid, AS {addressSpace >> 20} MB each " +
              $"({(addressSpace >> 20) * processes} MB in all), CPU {cpu} s, FSIZE {FileSizeLimitBytes >> 20} MB, NOFILE {OpenFileLimit}, CORE 0" +
              (SandboxPlatform.CanDropToOwnUid ? "" : " (NPROC counts every process of Benchgen's uid: approximate)");
        var identity = SandboxPlatform.CanDropToOwnUid
            ? $"a uid of its own per run ({_options.SandboxUidBase}..{_options.SandboxUidBase + _options.SandboxUidCount - 1})" +
              (mode == SandboxMode.Bwrap ? $", {InnerUid} inside" : "")
            : SandboxPlatform.IsRoot
                ? $"root without {SandboxPlatform.Setpriv}: scripts keep Benchgen's uid" + (mode == SandboxMode.Bwrap ? $", {InnerUid} inside"
                    : ", root: a script in the weak sandbox is not confined by file permissions")
                : "Benchgen's own uid (not root)" + (mode == SandboxMode.Bwrap ? $", {InnerUid} inside"
                    : ": a script in the weak sandbox can read Benchgen's own /proc entries, its environment included");
        var untrusted = mode == SandboxMode.Bwrap ? "run in the strong sandbox"
            : _options.AllowWeakSandbox ? "run in the WEAK sandbox (Generation:AllowWeakSandbox=true)"
            : "refused (no strong sandbox; Generation:AllowWeakSandbox is off)";
        return new SandboxReport(mode == SandboxMode.Bwrap ? "bwrap" : "process", mode == SandboxMode.Bwrap, limits, identity, untrusted,
            StrongSandboxProblem);
    }

    /// <summary>Runs an untrusted script (see <see cref="ScriptTrust"/>).</summary>
    public Task<IReadOnlyList<ScriptRun>> RunAsync(
        string scriptSource, IReadOnlyList<(int Seed, double Scale)> runs, CancellationToken cancellationToken = default) =>
        RunAsync(scriptSource, ScriptTrust.Untrusted, runs, cancellationToken);

    /// <summary>Runs a generator script with the trust its origin gives it.</summary>
    public Task<IReadOnlyList<ScriptRun>> RunAsync(
        GeneratorScript script, IReadOnlyList<(int Seed, double Scale)> runs, CancellationToken cancellationToken = default) =>
        RunAsync(script.Source, script.Trust, runs, cancellationToken);

    public async Task<IReadOnlyList<ScriptRun>> RunAsync(
        string scriptSource, ScriptTrust trust, IReadOnlyList<(int Seed, double Scale)> runs, CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var stdout = await RunRawAsync(scriptSource, trust, runs, cancellationToken).ConfigureAwait(false);
            var parsed = ParseRuns(stdout, runs);
            outcome = "ok";
            return parsed;
        }
        finally
        {
            SandboxSeconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new("mode", EffectiveMode.ToString().ToLowerInvariant()), new("outcome", outcome));
        }
    }

    /// <summary>Meter <c>Benchgen.Generation</c>: wall time of each sandboxed script run (all seeds × scales of one script).</summary>
    public const string MeterName = "Benchgen.Generation";
    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
    private static readonly System.Diagnostics.Metrics.Histogram<double> SandboxSeconds = Meter.CreateHistogram<double>(
        "benchgen.sandbox.duration", "s", "Wall time of a sandboxed generator-script run (every seed × scale), by sandbox mode and outcome.");

    /// <summary>Runs the driver and returns its raw stdout; throws <see cref="GeneratorScriptException"/> on any failure.</summary>
    public async Task<string> RunRawAsync(
        string scriptSource, ScriptTrust trust, IReadOnlyList<(int Seed, double Scale)> runs, CancellationToken cancellationToken = default)
    {
        var mode = EffectiveMode;
        if (mode != SandboxMode.Bwrap && trust == ScriptTrust.Untrusted)
        {
            if (!_options.AllowWeakSandbox)
                throw new GeneratorScriptException(ScriptFailure.Refused,
                    "refused to run an untrusted generator script: this deployment has no strong sandbox " +
                    (_options.Sandbox == SandboxMode.Process ? "(Generation:Sandbox is process)" : $"(bubblewrap cannot run here: {StrongSandboxProblem})") +
                    " and Generation:AllowWeakSandbox is off");
            _logger.LogWarning("Running an UNTRUSTED generator script in the WEAK sandbox (no namespaces) because Generation:AllowWeakSandbox is on");
        }

        var (cgroupParent, _) = Cgroup();
        using var uid = SandboxPlatform.CanDropToOwnUid ? SandboxUids.Rent((uint)_options.SandboxUidBase, _options.SandboxUidCount) : null;
        using var cgroup = cgroupParent?.Create($"benchgen-run-{Environment.ProcessId}-{Guid.NewGuid():N}", (long)_options.MemoryLimitMb << 20,
            Limits(cgroup: true).Processes);
        var workDir = Directory.CreateTempSubdirectory("benchgen-script-");
        try
        {
            // Whatever a crashed earlier Benchgen process left running as this uid goes first.
            if (uid is not null) SandboxPlatform.KillAllOf(uid.Uid);
            var scriptPath = Path.Combine(workDir.FullName, "script.py");
            var driverPath = Path.Combine(workDir.FullName, "driver.py");
            await File.WriteAllTextAsync(scriptPath, scriptSource, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(driverPath, LoadDriver(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            var scratch = Path.Combine(workDir.FullName, "scratch");
            Directory.CreateDirectory(scratch);
            if (uid is not null) Share(workDir.FullName, scriptPath, driverPath, scratch, uid.Uid);
            var runsJson = JsonSerializer.Serialize(runs.Select(r => new object[] { r.Seed, r.Scale }));
            var startInfo = BuildStartInfo(mode, workDir.FullName, scratch, runsJson, uid?.Uid, cgroup);
            var leaseUid = uid?.Uid;
            return await ExecuteAsync(startInfo, pid =>
            {
                // The driver has exited: whatever of the run is still alive is a leftover.
                if (mode != SandboxMode.Bwrap) SandboxPlatform.KillGroup(pid);
                cgroup?.KillAll();
                if (leaseUid is { } u) SandboxPlatform.KillAllOf(u);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (uid is not null)
            {
                SandboxPlatform.KillAllOf(uid.Uid);
                if (mode != SandboxMode.Bwrap) SandboxPlatform.RemoveFilesOwnedBy(uid.Uid);
                SandboxPlatform.ReapOrphans((uint)_options.SandboxUidBase, _options.SandboxUidCount);
            }
            try { workDir.Delete(recursive: true); }
            catch (IOException ex) { _logger.LogWarning(ex, "Could not delete sandbox directory {Dir}", workDir.FullName); }
        }
    }

    /// <summary>The script folder: readable by the run's uid (group), writable only by Benchgen; scratch is the run's own.</summary>
    private static void Share(string workDir, string scriptPath, string driverPath, string scratch, uint uid)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the sandbox runs on Linux only");
        const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        Chown(workDir, 0, uid);
        File.SetUnixFileMode(workDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        foreach (var file in new[] { scriptPath, driverPath })
        {
            Chown(file, 0, uid);
            File.SetUnixFileMode(file, ReadOnlyFile);
        }
        Chown(scratch, uid, uid);
        File.SetUnixFileMode(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Chown(string path, uint owner, uint group)
    {
        if (Libc.chown(path, owner, group) != 0)
            throw new InvalidOperationException($"Cannot hand {path} to the sandbox uid {owner}:{group} (errno {Marshal.GetLastPInvokeError()})");
    }

    private int CpuSeconds => Math.Max(1, _options.ScriptTimeoutSeconds) + 2;

    /// <summary>Per-process address space and the process count: the total divided among the processes without a cgroup.</summary>
    private (long AddressSpace, int Processes) Limits(bool cgroup)
    {
        var processes = Math.Max(1, _options.ProcessLimit);
        var total = (long)Math.Max(64, _options.MemoryLimitMb) << 20;
        return (cgroup ? total : Math.Max(32L << 20, total / processes), processes);
    }

    private (CgroupV2Parent? Parent, string Reason) Cgroup()
    {
        Lazy<(CgroupV2Parent?, string)> probe;
        lock (Cgroups)
        {
            var key = _options.SandboxCgroup ?? "";
            if (!Cgroups.TryGetValue(key, out probe!))
                Cgroups[key] = probe = new Lazy<(CgroupV2Parent?, string)>(() =>
                    SandboxPlatform.IsRoot || !string.IsNullOrWhiteSpace(_options.SandboxCgroup)
                        ? (CgroupV2Parent.Probe(_options.SandboxCgroup, out var reason), reason)
                        : (null, "Benchgen is not root and no Generation:SandboxCgroup is delegated"));
        }
        return probe.Value;
    }

    private ProcessStartInfo BuildStartInfo(SandboxMode mode, string workDir, string scratch, string runsJson, uint? uid, CgroupV2Run? cgroup)
    {
        var python = ResolvePython(mode);
        var (addressSpace, processes) = Limits(cgroup is not null);
        var command = new List<string>();
        if (cgroup is not null)
        {
            // Joins the run's cgroup before anything of the script's runs (as Benchgen, so the limits stay out of its reach).
            command.AddRange([SandboxPlatform.Shell, "-c", "echo 0 > \"$1\" && shift && exec \"$@\"", "sh", cgroup.ProcsFile]);
        }
        if (File.Exists(SandboxPlatform.Prlimit))
        {
            // RLIMIT_NPROC counts the processes of the real uid: exact for a run's own uid; for Benchgen's own uid the
            // tasks it already has are added, since they count too (root is never held to it, hence the own uid).
            var nproc = uid is not null || SandboxPlatform.IsRoot ? processes : TasksOfOwnUid() + processes;
            // CPU limit slightly above the wall clock so the wall-clock timeout reports first for busy loops.
            command.AddRange([SandboxPlatform.Prlimit, $"--cpu={CpuSeconds}", $"--as={addressSpace}", $"--nproc={nproc}",
                $"--fsize={FileSizeLimitBytes}", $"--nofile={OpenFileLimit}", "--core=0", "--"]);
        }
        if (uid is { } own)
        {
            command.AddRange([SandboxPlatform.Setpriv, $"--reuid={own}", $"--regid={own}", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all", "--"]);
        }

        string scriptDir;
        if (mode == SandboxMode.Bwrap)
        {
            scriptDir = "/sandbox";
            command.AddRange(BwrapPrefix());
            command.AddRange(["--ro-bind", workDir, scriptDir, "--chdir", scriptDir, "--remount-ro", "/"]);
        }
        else
        {
            scriptDir = workDir;
        }
        command.AddRange([python, "-I", "-B", $"{scriptDir}/driver.py", $"{scriptDir}/script.py", runsJson]);
        // The driver may kill every process it can signal when only the run shares its pid namespace or uid.
        if (mode == SandboxMode.Bwrap || uid is not null) command.Add("kill-all");

        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = mode == SandboxMode.Bwrap ? workDir : scratch,
        };
        foreach (var argument in command.Skip(1)) startInfo.ArgumentList.Add(argument);
        // Nothing of the host's environment (credentials) reaches any child: only what is listed here.
        startInfo.Environment.Clear();
        foreach (var (name, value) in CleanEnvironment(mode == SandboxMode.Bwrap ? "/tmp" : scratch))
            startInfo.Environment[name] = value;
        return startInfo;
    }

    /// <summary>The whole environment a script gets.</summary>
    internal static IEnumerable<(string Name, string Value)> CleanEnvironment(string temp) =>
    [
        ("PATH", "/usr/bin:/bin"), ("LANG", "C.UTF-8"), ("TMPDIR", temp), ("HOME", temp),
        ("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONNOUSERSITE", "1"), ("PYTHONSAFEPATH", "1"),
    ];

    /// <summary>The clean environment's fixed entries as NAME=VALUE (for tests that look for host entries).</summary>
    internal static IReadOnlySet<string> CleanEnvironmentEntries => CleanEnvironment("/tmp").Select(e => $"{e.Name}={e.Value}").ToHashSet();

    private static IEnumerable<string> BwrapPrefix()
    {
        var prefix = new List<string>
        {
            Bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--uid", InnerUid, "--gid", InnerUid,
            "--hostname", "sandbox", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
        };
        foreach (var (name, value) in CleanEnvironment("/tmp")) prefix.AddRange(["--setenv", name, value]);
        prefix.AddRange([
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev",
            "--size", TmpfsBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp",
        ]);
        return prefix;
    }

    private string ResolvePython(SandboxMode mode)
    {
        if (!string.IsNullOrWhiteSpace(_options.PythonPath)) return _options.PythonPath;
        if (File.Exists(DebianPython) || mode == SandboxMode.Bwrap) return DebianPython;
        return "python3";
    }

    private static int TasksOfOwnUid()
    {
        var uid = Libc.geteuid();
        var tasks = 0;
        foreach (var pid in SandboxPlatform.ProcessesOf(uid))
        {
            try { tasks += Directory.EnumerateDirectories($"/proc/{pid}/task").Count(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return tasks;
    }

    private async Task<string> ExecuteAsync(ProcessStartInfo startInfo, Action<int> killLeftovers, CancellationToken cancellationToken)
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
            killLeftovers(process.Id);
            // Leftovers are dead, so the pipes close; a pipe kept open anyway counts against the same deadline.
            await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            killLeftovers(process.Id);
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
                ExitUnconfined => " (the sandbox could not confine it, so it did not run)",
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

    /// <summary>Runs a trivial script the way every run goes (same uid drop, rlimits, bubblewrap and driver).</summary>
    private string? ProbeBwrap()
    {
        if (!File.Exists(Bwrap)) return $"{Bwrap} is not installed";
        if (!File.Exists(DebianPython)) return $"{DebianPython} is not installed";
        var probe = new GenerationOptions
        {
            Sandbox = SandboxMode.Bwrap, ScriptTimeoutSeconds = 10, MemoryLimitMb = _options.MemoryLimitMb,
            ProcessLimit = _options.ProcessLimit, SandboxUidBase = _options.SandboxUidBase, SandboxUidCount = _options.SandboxUidCount,
            SandboxCgroup = _options.SandboxCgroup, PythonPath = DebianPython,
        };
        try
        {
            var sandbox = new ScriptSandbox(probe, skipProbe: true);
            var output = sandbox.RunRawAsync("def build(seed, scale):\n    return 'ok'\ndef definition(seed, scale):\n    return {}\n",
                ScriptTrust.Trusted, [(1, 1.0)]).GetAwaiter().GetResult();
            return output.Contains("\"mjcf\": \"ok\"", StringComparison.Ordinal) ? null : "the probe script printed no result";
        }
        catch (Exception ex) when (ex is GeneratorScriptException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }

    private readonly bool _skipProbe;

    private ScriptSandbox(GenerationOptions options, bool skipProbe) : this(Options.Create(options)) => _skipProbe = skipProbe;
}
