namespace Benchgen.Generation;

/// <summary>How generator scripts run: <c>auto</c> uses bubblewrap when it works here, else a limited child process.</summary>
public enum SandboxMode { Auto, Bwrap, Process }

/// <summary>Settings bound from the <c>Generation</c> configuration section.</summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generation";

    /// <summary>Wall-clock limit for one sandbox run (all seeds); the process tree is killed when it passes.</summary>
    public int ScriptTimeoutSeconds { get; set; } = 20;

    /// <summary>Cap on what the script may print on stdout (and, separately, stderr).</summary>
    public int MaxOutputBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Address-space limit for the interpreter (prlimit --as).</summary>
    public int MemoryLimitMb { get; set; } = 1024;

    public SandboxMode Sandbox { get; set; } = SandboxMode.Auto;

    /// <summary>Interpreter; empty means Debian's /usr/bin/python3, falling back to python3 on PATH.</summary>
    public string? PythonPath { get; set; }

    /// <summary>Variants validated when a request does not say (in addition to the canonical seed).</summary>
    public int DefaultVariants { get; set; } = 4;

    /// <summary>Extra scales the canonical seed is validated at, besides 1.0.</summary>
    public double[] ExtraScales { get; set; } = [0.5, 2.0];

    /// <summary>Minimum simulated time per run; scenes with many free bodies get <see cref="SecondsPerFreeBody"/> more each.</summary>
    public double SimulationSeconds { get; set; } = 3.0;

    public double SecondsPerFreeBody { get; set; } = 0.3;

    public double PenetrationToleranceMetres { get; set; } = 0.002;

    public double MaxBodySpeed { get; set; } = 100.0;

    public double SettledSpeed { get; set; } = 1e-3;

    public double SettledAcceleration { get; set; } = 1e-2;
}
