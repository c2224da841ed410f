using Benchgen.Hosting.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Benchgen.Persistence.Mongo;

/// <summary><see cref="IAssetCatalogue"/> over <c>benchmark_assets</c>; layout in <see cref="BenchmarkAssetDocument"/>.</summary>
public sealed class MongoAssetCatalogue : IAssetCatalogue
{
    public const string DefaultCollectionName = "benchmark_assets";

    readonly IMongoCollection<BsonDocument> _assets;

    public MongoAssetCatalogue(IMongoDatabase database, string collectionName = DefaultCollectionName)
    {
        ArgumentNullException.ThrowIfNull(database);
        BenchgenBsonDefaults.EnsureRegistered();
        _assets = database.GetCollection<BsonDocument>(collectionName);
    }

    public IMongoCollection<BsonDocument> Collection => _assets;

    /// <summary>Duplicate detection and listing indexes; idempotent, call at start-up.</summary>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken = default) =>
        _assets.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(new BsonDocument("contentHash", 1), new CreateIndexOptions { Name = "contentHash" }),
            new CreateIndexModel<BsonDocument>(new BsonDocument("signature", 1), new CreateIndexOptions { Name = "signature" }),
            new CreateIndexModel<BsonDocument>(new BsonDocument("sessionId", 1), new CreateIndexOptions { Name = "sessionId" }),
            new CreateIndexModel<BsonDocument>(new BsonDocument("createdAt", -1), new CreateIndexOptions { Name = "createdAt" }),
            new CreateIndexModel<BsonDocument>(new BsonDocument { { "reviewState", 1 }, { "tier", 1 } }, new CreateIndexOptions { Name = "reviewState_tier" }),
        ], cancellationToken);

    public Task UpsertAsync(BenchmarkAsset asset, CancellationToken cancellationToken)
    {
        var doc = BenchmarkAssetDocument.ToBson(asset);
        return _assets.ReplaceOneAsync(ById(asset.BenchmarkId), doc, new ReplaceOptions { IsUpsert = true }, cancellationToken);
    }

    public async Task<BenchmarkAsset?> FindAsync(string benchmarkId, CancellationToken cancellationToken)
    {
        var doc = await _assets.Find(ById(benchmarkId)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return doc is null ? null : BenchmarkAssetDocument.FromBson(doc);
    }

    public async Task<BenchmarkAsset?> FindDuplicateAsync(string contentHash, string? signature, string exceptBenchmarkId, CancellationToken cancellationToken)
    {
        var f = Builders<BsonDocument>.Filter;
        var same = f.Eq("contentHash", contentHash);
        if (!string.IsNullOrEmpty(signature))
            same |= f.Eq("signature", signature);
        var doc = await _assets.Find(f.Ne("_id", exceptBenchmarkId) & same)
            .Sort(Builders<BsonDocument>.Sort.Ascending("createdAt"))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return doc is null ? null : BenchmarkAssetDocument.FromBson(doc);
    }

    public async Task<IReadOnlyList<BenchmarkAsset>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var docs = await _assets.Find(Builders<BsonDocument>.Filter.Empty)
            .Sort(Builders<BsonDocument>.Sort.Descending("createdAt"))
            .Limit(Math.Max(1, limit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return docs.Select(BenchmarkAssetDocument.FromBson).ToList();
    }

    public async Task<IReadOnlyList<BenchmarkAsset>> QueryAsync(CatalogueQuery query, CancellationToken cancellationToken)
    {
        var f = Builders<BsonDocument>.Filter;
        var filter = f.Empty;
        if (query.State is { } state)
            // Records written before curation existed have no reviewState: they are staged.
            filter &= state == ReviewStates.Staged ? f.Eq("reviewState", state) | f.Exists("reviewState", false) : f.Eq("reviewState", state);
        if (query.Tier is { } tier) filter &= f.Eq("tier", tier);
        if (query.Family is { } family) filter &= f.Eq("family", family);
        if (query.MinDifficulty is { } min) filter &= f.Gte("difficulty", min);
        if (query.BatchId is { } batch) filter &= f.Eq("batchId", new BsonBinaryData(batch, GuidRepresentation.Standard));
        var docs = await _assets.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Descending("createdAt").Ascending("_id"))
            .Limit(Math.Max(1, query.Limit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return docs.Select(BenchmarkAssetDocument.FromBson).ToList();
    }

    public async Task<bool> ReplaceIfStateAsync(BenchmarkAsset asset, string expectedState, CancellationToken cancellationToken)
    {
        var f = Builders<BsonDocument>.Filter;
        var inState = expectedState == ReviewStates.Staged
            ? f.Eq("reviewState", expectedState) | f.Exists("reviewState", false)
            : f.Eq("reviewState", expectedState);
        var result = await _assets.ReplaceOneAsync(ById(asset.BenchmarkId) & inState, BenchmarkAssetDocument.ToBson(asset),
            new ReplaceOptions { IsUpsert = false }, cancellationToken).ConfigureAwait(false);
        return result.MatchedCount == 1;
    }

    static FilterDefinition<BsonDocument> ById(string benchmarkId) => Builders<BsonDocument>.Filter.Eq("_id", benchmarkId);
}
