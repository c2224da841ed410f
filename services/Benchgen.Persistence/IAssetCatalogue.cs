namespace Benchgen.Persistence;

/// <summary>The <c>benchmark_assets</c> catalogue. Upserts are keyed by benchmark id, so redelivery never duplicates.</summary>
public interface IAssetCatalogue
{
    Task UpsertAsync(BenchmarkAsset asset, CancellationToken cancellationToken);
    /// <summary>The record, or null — also for an id nothing could ever be stored under (a path, an empty string).</summary>
    Task<BenchmarkAsset?> FindAsync(string benchmarkId, CancellationToken cancellationToken);
    /// <summary>An existing record with the same content hash or geometric signature, other than <paramref name="exceptBenchmarkId"/>.</summary>
    Task<BenchmarkAsset?> FindDuplicateAsync(string contentHash, string? signature, string exceptBenchmarkId, CancellationToken cancellationToken);
    Task<IReadOnlyList<BenchmarkAsset>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Records matching every set field of <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<BenchmarkAsset>> QueryAsync(CatalogueQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record only while its review state is still <paramref name="expectedState"/> (compare and swap, so two
    /// curators cannot both win); false when it changed meanwhile or is gone.
    /// </summary>
    Task<bool> ReplaceIfStateAsync(BenchmarkAsset asset, string expectedState, CancellationToken cancellationToken);
}

/// <summary>A catalogue filter; null fields match everything.</summary>
public sealed record CatalogueQuery(
    string? State = null, int? Tier = null, string? Family = null, double? MinDifficulty = null, Guid? BatchId = null, int Limit = 10_000)
{
    public bool Matches(BenchmarkAsset a) =>
        (State is null || a.ReviewState == State) && (Tier is null || a.Tier == Tier) && (Family is null || a.Family == Family) &&
        (MinDifficulty is null || a.Difficulty >= MinDifficulty) && (BatchId is null || a.BatchId == BatchId);
}
