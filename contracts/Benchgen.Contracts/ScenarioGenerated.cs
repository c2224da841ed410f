namespace Benchgen.Contracts;

/// <summary>
/// A scenario passed validation. Blobs travel as claim checks: each <c>Uri</c> is an address in the
/// MassTransit message-data repository (directory or in-memory when embedded, S3 staging bucket when distributed).
/// <paramref name="ReferenceTrajectory"/> is the canonical run's reference replay as recorded qpos
/// (<c>benchgen.trajectory/v1</c> JSON), from which Rendering draws the animation; null when there is none (no task).
/// </summary>
public record ScenarioGenerated(
    Guid SessionId,
    int Attempt,
    string Family,
    int Seed,
    string PayloadBody,
    Uri Script,
    Uri Model,
    IReadOnlyList<ModelVariant> Variants,
    Uri Definition,
    Uri ValidationReport,
    string ValidationSummary,
    double Difficulty,
    Guid Nonce = default,
    Uri? ReferenceTrajectory = null);

/// <summary>One validated seed of the generator script. <paramref name="Sha256"/> is of the MJCF bytes.</summary>
public record ModelVariant(int Seed, Uri Model, string Sha256);
