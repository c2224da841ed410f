using Benchgen.Physics;

namespace Benchgen.Generation.Tasks;

public sealed partial class SkillExecutor
{
    /// <summary>
    /// When set, records the replay's qpos from the reset pose through every step, the settling second included (the
    /// reference-solution animation is drawn from it). Recording only reads the state: the replay is the same with or without it.
    /// </summary>
    public TrajectoryRecorder? Recorder { get; init; }
}
