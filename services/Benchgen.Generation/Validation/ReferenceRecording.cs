using Benchgen.Physics;

namespace Benchgen.Generation.Validation;

/// <summary>
/// Which replay is recorded for the reference-solution animation: the canonical run's only (canonical seed, scale 1),
/// one qpos sample every <see cref="EverySteps"/> steps (20 ms at MuJoCo's default 2 ms step), at most
/// <see cref="MaxSamples"/> (the recorder doubles its interval past that). Small and deterministic: the same replay
/// gives the same samples.
/// </summary>
public static class ReferenceRecording
{
    public const int EverySteps = 10, MaxSamples = 256;

    public static TrajectoryRecorder? For(string role) => role == "canonical" ? new TrajectoryRecorder(EverySteps, MaxSamples) : null;
}
