using System.Text.Json;
using Benchgen.Hosting.Storage;
using Microsoft.Extensions.Options;

namespace Benchgen.Persistence.Embedded;

/// <summary>
/// Embedded-mode catalogue: one JSON document per benchmark in <c>{DataDir}/catalogue/benchmark_assets/</c>.
/// The file name is the benchmark id, so an upsert is an atomic overwrite.
/// </summary>
public sealed class FileAssetCatalogue(IOptions<StorageOptions> options) : IAssetCatalogue
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    readonly string directory = Path.Combine(Path.GetFullPath(options.Value.DataDir), "catalogue", "benchmark_assets");

    public string PathFor(string benchmarkId)
    {
        ArtifactKeys.EnsureSafe("catalogue", benchmarkId);
        return Path.Combine(directory, benchmarkId + ".json");
    }

    public async Task UpsertAsync(BenchmarkAsset asset, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = PathFor(asset.BenchmarkId);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(asset, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    static readonly SemaphoreSlim ReviewLock = new(1, 1);

    public async Task<IReadOnlyList<BenchmarkAsset>> QueryAsync(CatalogueQuery query, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken).ConfigureAwait(false)).Where(query.Matches)
            .OrderByDescending(a => a.CreatedAt).ThenBy(a => a.BenchmarkId, StringComparer.Ordinal).Take(Math.Max(1, query.Limit)).ToList();

    /// <remarks>One process owns an embedded data directory; a lock in it makes check-and-write atomic.</remarks>
    public async Task<bool> ReplaceIfStateAsync(BenchmarkAsset asset, string expectedState, CancellationToken cancellationToken)
    {
        await ReviewLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await FindAsync(asset.BenchmarkId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.ReviewState != expectedState) return false;
            await UpsertAsync(asset, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            ReviewLock.Release();
        }
    }

    public async Task<BenchmarkAsset?> FindAsync(string benchmarkId, CancellationToken cancellationToken)
    {
        string path;
        try
        {
            path = PathFor(benchmarkId);
        }
        catch (ArgumentException)
        {
            return null; // not a well-formed id: nothing can be stored under it
        }

        return File.Exists(path) ? await ReadAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<BenchmarkAsset?> FindDuplicateAsync(string contentHash, string? signature, string exceptBenchmarkId, CancellationToken cancellationToken)
    {
        foreach (var asset in await AllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (asset.BenchmarkId != exceptBenchmarkId &&
                (asset.ContentHash == contentHash || (signature is not null && asset.Signature == signature)))
            {
                return asset;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<BenchmarkAsset>> ListAsync(int limit, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken).ConfigureAwait(false)).OrderByDescending(a => a.CreatedAt).Take(limit).ToList();

    async Task<List<BenchmarkAsset>> AllAsync(CancellationToken cancellationToken)
    {
        var assets = new List<BenchmarkAsset>();
        if (!Directory.Exists(directory))
        {
            return assets;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.json"))
        {
            assets.Add(await ReadAsync(path, cancellationToken).ConfigureAwait(false));
        }

        return assets;
    }

    static async Task<BenchmarkAsset> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BenchmarkAsset>(stream, Json, cancellationToken).ConfigureAwait(false)
               ?? throw new InvalidDataException($"Catalogue record {path} is empty.");
    }
}
