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
    /// <summary>animation.gif, the reference solution replayed on the canonical seed; null for a benchmark stored without one.</summary>
    public string? AnimationUrl { get; init; }
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

    /// <summary>Where the benchmark is in curation: <see cref="ReviewStates.Staged"/> until a curator promotes or declines it.</summary>
    public string ReviewState { get; init; } = ReviewStates.Staged;

    /// <summary>The suite tier it was promoted into (null while staged or declined).</summary>
    public int? Tier { get; init; }

    /// <summary>Every review change, oldest first: who, when, what, the note.</summary>
    public IReadOnlyList<ReviewEvent> ReviewHistory { get; init; } = [];
}

/// <summary>One curation change of a catalogue record.</summary>
public sealed record ReviewEvent(DateTime At, string By, string Action, string From, string To, int? Tier, string? Note);

public static class ReviewStates
{
    public const string Staged = "staged";
    public const string Promoted = "promoted";
    public const string Declined = "declined";

    public static readonly IReadOnlyList<string> All = [Staged, Promoted, Declined];
}

public sealed record BenchmarkVariant(string VariantId, int Seed, string Url, string Sha256);
