namespace Benchgen.Contracts;

/// <summary>
/// Store an accepted benchmark. Keys derive from <paramref name="BenchmarkId"/>, so a redelivery overwrites.
/// <paramref name="Animation"/> is the reference-solution GIF's claim check (null for a benchmark without one).
/// </summary>
public record PersistAsset(
    Guid SessionId,
    string BenchmarkId,
    string Prompt,
    string Family,
    int Seed,
    Guid? BatchId,
    Uri Script,
    Uri Model,
    IReadOnlyList<ModelVariant> Variants,
    Uri PreviewBundle,
    Uri ContactSheet,
    Uri Definition,
    Uri ValidationReport,
    string ValidationSummary,
    double Difficulty,
    Guid Nonce = default,
    Uri? Animation = null);
