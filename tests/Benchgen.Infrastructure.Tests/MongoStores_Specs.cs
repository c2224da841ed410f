using Benchgen.Hosting.Mongo;
using Benchgen.Persistence;
using Benchgen.Persistence.Mongo;
using Benchgen.PromptIntake.Sessions;
using Benchgen.TestSupport;
using MongoDB.Driver;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

public sealed class Mongo_asset_catalogue(MongoEndpoint mongo) : IClassFixture<MongoEndpoint>
{
    static BenchmarkAsset Asset(string id, string hash, string? signature) => new()
    {
        BenchmarkId = id, SessionId = Guid.NewGuid(), Prompt = "A stack of 3 blocks", Family = "stack", Seed = 1,
        ScriptUrl = "s", ModelUrl = "m", PreviewsUrl = "p", ContactSheetUrl = "c", DefinitionUrl = "d", ValidationUrl = "v",
        Variants = [], Difficulty = 0.5, DefinitionJson = """{"goal_zone":{"min":[0,0,0]}}""", ValidationSummary = "ok",
        ContentHash = hash, Signature = signature, GeneratorVersion = "1", MujocoVersion = "2.2.2",
        CreatedAt = DateTime.UtcNow,
    };

    MongoAssetCatalogue Catalogue() => new(new MongoClient(mongo.ConnectionString).GetDatabase(MongoEndpoint.UniqueDatabaseName()));

    [SkippableFact]
    public async Task Should_keep_one_record_when_the_same_asset_is_upserted_twice()
    {
        Skip.If(mongo.SkipReason is not null, mongo.SkipReason);
        var catalogue = Catalogue();
        await catalogue.EnsureIndexesAsync();
        await catalogue.EnsureIndexesAsync();
        var asset = Asset("bm-1", "h1", null);

        await catalogue.UpsertAsync(asset, CancellationToken.None);
        await catalogue.UpsertAsync(asset with { ValidationSummary = "redelivered" }, CancellationToken.None);

        Assert.Equal(1, await catalogue.Collection.CountDocumentsAsync(FilterDefinition<MongoDB.Bson.BsonDocument>.Empty));
        Assert.Equal("redelivered", (await catalogue.FindAsync("bm-1", CancellationToken.None))?.ValidationSummary);
    }

    [SkippableFact]
    public async Task Should_find_a_duplicate_by_hash_or_signature_but_not_itself()
    {
        Skip.If(mongo.SkipReason is not null, mongo.SkipReason);
        var catalogue = Catalogue();
        await catalogue.UpsertAsync(Asset("bm-1", "h1", "sig"), CancellationToken.None);

        Assert.Null(await catalogue.FindDuplicateAsync("h1", "sig", "bm-1", CancellationToken.None));
        Assert.Equal("bm-1", (await catalogue.FindDuplicateAsync("h1", null, "bm-2", CancellationToken.None))?.BenchmarkId);
        Assert.Equal("bm-1", (await catalogue.FindDuplicateAsync("other", "sig", "bm-2", CancellationToken.None))?.BenchmarkId);
        Assert.Single(await catalogue.ListAsync(10, CancellationToken.None));
    }
}

public sealed class Mongo_session_queries(MongoEndpoint mongo) : IClassFixture<MongoEndpoint>
{
    [SkippableFact]
    public async Task Should_list_by_state_and_batch_and_find_overdue_sessions()
    {
        Skip.If(mongo.SkipReason is not null, mongo.SkipReason);
        var options = new MongoSagaOptions { ConnectionString = mongo.ConnectionString, DatabaseName = MongoEndpoint.UniqueDatabaseName() };
        GenerationSessionBsonMap.Configure(options);
        var store = new MongoSagaCollection<GenerationSession>(options);
        await store.EnsureIndexesAsync();
        var now = new DateTime(2025, 1, 31, 12, 0, 0, DateTimeKind.Utc);
        var batch = Guid.NewGuid();
        GenerationSession Session(string state, int minutesAgo, DateTime? deadline, DateTime? finished, Guid? batchId = null) => new()
        {
            CorrelationId = Guid.NewGuid(), CurrentState = state, UpdatedAt = now.AddMinutes(-minutesAgo),
            DeadlineAt = deadline, FinishedAt = finished, BatchId = batchId, SubmittedAt = now.AddHours(-1), StageStartedAt = now,
        };
        var overdue = Session("Validating", 5, now.AddMinutes(-1), null, batch);
        var recent = Session("Validating", 1, now.AddMinutes(10), null, batch);
        var done = Session("Accepted", 2, now.AddMinutes(-30), now.AddMinutes(-2));
        await store.Collection.InsertManyAsync([overdue, recent, done]);
        var queries = new MongoGenerationSessionQueries(store);

        var validating = await queries.ListAsync("Validating", null, 10, CancellationToken.None);
        var inBatch = await queries.ListAsync(null, batch, 10, CancellationToken.None);
        var late = await queries.FindOverdueAsync(now, 10, CancellationToken.None);

        Assert.Equal([recent.CorrelationId, overdue.CorrelationId], validating.Select(s => s.CorrelationId));
        Assert.Equal(2, inBatch.Count);
        Assert.Equal([overdue.CorrelationId], late.Select(s => s.CorrelationId));
        Assert.Equal("Accepted", (await queries.FindAsync(done.CorrelationId, CancellationToken.None))?.CurrentState);
        var indexes = await (await store.Collection.Indexes.ListAsync()).ToListAsync();
        Assert.Contains(indexes, i => i["name"] == "state_updated");
        Assert.Contains(indexes, i => i["name"] == "batch");
    }
}
