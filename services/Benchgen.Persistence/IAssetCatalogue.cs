namespace Benchgen.Persistence;

/// <summary>The <c>benchmark_assets</c> catalogue. Upserts are keyed by benchmark id, so redelivery never duplicates.</summary>
public interface IAssetCatalogue
{
    Task UpsertAsync(BenchmarkAsset asset, CancellationToken cancellationToken);
    Task<BenchmarkAsset?> FindAsync(string benchmarkId, CancellationToken cancellationToken);
    /// <summary>An existing record with the same content hash or geometric signature, other than <paramref name="exceptBenchmarkId"/>.</summary>
    Task<BenchmarkAsset?> FindDuplicateAsync(string contentHash, string? signature, string exceptBenchmarkId, CancellationToken cancellationToken);
    Task<IReadOnlyList<BenchmarkAsset>> ListAsync(int limit, CancellationToken cancellationToken);
}
