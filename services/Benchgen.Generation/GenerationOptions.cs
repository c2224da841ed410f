namespace Benchgen.Generation;

/// <summary>
/// How generator scripts run: <c>bwrap</c> is the strong sandbox (bubblewrap: namespaces, no network, no capabilities);
/// <c>process</c> the weak one (a confined child process without namespaces); <c>auto</c> the strong one when it works
/// here, else the weak one. Untrusted scripts never run in the weak sandbox unless
/// <see cref="GenerationOptions.AllowWeakSandbox"/> says so.
/// </summary>
public enum SandboxMode { Auto, Bwrap, Process }

/// <summary>Settings bound from the <c>Generation</c> configuration section.</summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generation";

    /// <summary>Wall-clock limit for one sandbox run (all seeds); the process tree is killed when it passes.</summary>
    public int ScriptTimeoutSeconds { get; set; } = 20;

    /// <summary>Cap on what the script may print on stdout (and, separately, stderr).</summary>
    public int MaxOutputBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Memory for the whole sandbox of one run, all its processes together: memory.max of the run's cgroup, or without a
    /// cgroup the address-space rlimit of every process set to this divided by <see cref="ProcessLimit"/>.
    /// </summary>
    public int MemoryLimitMb { get; set; } = 1024;

    /// <summary>
    /// Processes and threads the whole sandbox of one run may hold (bubblewrap's own two included): pids.max of the
    /// run's cgroup and RLIMIT_NPROC of the run's own uid.
    /// </summary>
    public int ProcessLimit { get; set; } = 8;

    public SandboxMode Sandbox { get; set; } = SandboxMode.Auto;

    /// <summary>
    /// Lets untrusted scripts (any script not compiled by Benchgen from its own templates, e.g. LLM-written) run in the
    /// weak sandbox when the strong one cannot run here. Off: they are refused. Logged as a warning at start-up and on
    /// every such run.
    /// </summary>
    public bool AllowWeakSandbox { get; set; }

    /// <summary>A cgroup v2 directory delegated to Benchgen for per-run cgroups; empty probes Benchgen's own cgroup.</summary>
    public string? SandboxCgroup { get; set; }

    /// <summary>First of the uids scripts run as when Benchgen runs as root (one per concurrent run); no account may use them.</summary>
    public int SandboxUidBase { get; set; } = 61000;

    /// <summary>How many uids from <see cref="SandboxUidBase"/> the sandbox may use (the most runs at once on one host).</summary>
    public int SandboxUidCount { get; set; } = 1000;

    /// <summary>Interpreter; empty means Debian's /usr/bin/python3, falling back to python3 on PATH.</summary>
    public string? PythonPath { get; set; }

    /// <summary>Variants validated when a request does not say (in addition to the canonical seed).</summary>
    public int DefaultVariants { get; set; } = 4;

    /// <summary>Scales every validated seed is also run at when configuration does not say, besides 1.0.</summary>
    public static readonly IReadOnlyList<double> DefaultExtraScales = [0.6, 1.4];

    /// <summary>
    /// Extra scales every validated seed (canonical and variants) is also run at, besides 1.0; defaults to
    /// <see cref="DefaultExtraScales"/>. A configured list replaces the default: the getter reports null until one is
    /// set, so the configuration binder builds a fresh array instead of appending to the default (its behaviour for
    /// arrays that already hold values). Read <see cref="EffectiveExtraScales"/>.
    /// </summary>
    public double[]? ExtraScales { get; set; }

    /// <summary>The configured extra scales, or <see cref="DefaultExtraScales"/> when none are configured.</summary>
    public IReadOnlyList<double> EffectiveExtraScales => ExtraScales ?? DefaultExtraScales;

    /// <summary>Random-action baseline trials on the canonical run (difficulty); 0 disables the baseline.</summary>
    public int RandomBaselineTrials { get; set; } = 8;

    /// <summary>Seconds of random forces per baseline trial (then the payload is released for 0.5 s).</summary>
    public double RandomBaselineSeconds { get; set; } = 2.0;

    /// <summary>Runs validated at once (each on its own MuJoCo model); 0 means one per processor.</summary>
    public int ValidationParallelism { get; set; }

    /// <summary>Minimum simulated time per run; scenes with many free bodies get <see cref="SecondsPerFreeBody"/> more each.</summary>
    public double SimulationSeconds { get; set; } = 3.0;

    public double SecondsPerFreeBody { get; set; } = 0.3;

    public double PenetrationToleranceMetres { get; set; } = 0.002;

    public double MaxBodySpeed { get; set; } = 100.0;

    public double SettledSpeed { get; set; } = 1e-3;

    public double SettledAcceleration { get; set; } = 1e-2;
}
