namespace Benchgen.Contracts;

/// <summary>
/// Render the canonical model's 24 views. <paramref name="PayloadBody"/> is the body the reviewer must see; with a
/// <paramref name="ReferenceTrajectory"/> (claim check of the recorded reference replay) also the animation.
/// </summary>
public record RenderScenario(
    Guid SessionId,
    int Attempt,
    Uri Model,
    string PayloadBody,
    Guid Nonce = default,
    Uri? ReferenceTrajectory = null);
