namespace Benchgen.Persistence;

/// <summary>One catalogue record (ARCHITECTURE §4). <see cref="DefinitionJson"/> is stored as a sub-document in MongoDB.</summary>
public sealed record BenchmarkAsset
{
    public required string BenchmarkId { get; init; }
    public required Guid SessionId { get; init; }
    public Guid? BatchId { get; init; }
    public required string Prompt { get; init; }
    public required string Family { get; init; }
    public required int Seed { get; init; }
    public required string ScriptUrl { get; init; }
    public required string ModelUrl { get; init; }
    public required string PreviewsUrl { get; init; }
    public required string ContactSheetUrl { get; init; }
    public required string DefinitionUrl { get; init; }
    public required string ValidationUrl { get; init; }
    public required IReadOnlyList<BenchmarkVariant> Variants { get; init; }
    public required double Difficulty { get; init; }
    public required string DefinitionJson { get; init; }
    public required string ValidationSummary { get; init; }
    public required string ContentHash { get; init; }
    public string? Signature { get; init; }
    public string? DuplicateOf { get; init; }
    public required string GeneratorVersion { get; init; }
    public required string MujocoVersion { get; init; }
    public required DateTime CreatedAt { get; init; }
}

public sealed record BenchmarkVariant(string VariantId, int Seed, string Url, string Sha256);
