using Benchgen.Persistence;
using Benchgen.Persistence.Mongo;
using Benchgen.PromptIntake.Sessions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace Benchgen.Infrastructure.Tests;

public sealed class Generation_session_documents
{
    static GenerationSession Sample() => new()
    {
        CorrelationId = Guid.NewGuid(),
        Version = 0,
        CurrentState = "Validating",
        Prompt = "A stack of 3 blocks",
        Seed = 7,
        BatchId = Guid.NewGuid(),
        SubmittedAt = new DateTime(2025, 1, 31, 10, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2025, 1, 31, 10, 0, 5, DateTimeKind.Utc),
        StageStartedAt = new DateTime(2025, 1, 31, 10, 0, 4, DateTimeKind.Utc),
        DeadlineAt = new DateTime(2025, 1, 31, 10, 5, 0, DateTimeKind.Utc),
        ScriptAddress = new Uri("s3://benchgen-staging/claims/2025/01/31/abc"),
        VariantAddresses = [new VariantEntry { Seed = 3, Model = new Uri("s3://benchgen-staging/claims/2025/01/31/v3"), Sha256 = "ff" }],
        Checkpoints = [new CheckpointEntry { At = new DateTime(2025, 1, 31, 10, 0, 1, DateTimeKind.Utc), Stage = "planning", Message = "planned" }],
    };

    [Fact]
    public void Should_store_the_session_with_the_documented_field_types()
    {
        GenerationSessionBsonMap.Register();
        var session = Sample();

        var doc = session.ToBsonDocument();

        var id = doc["_id"].AsBsonBinaryData;
        Assert.Equal(BsonBinarySubType.UuidStandard, id.SubType);
        Assert.Equal(session.CorrelationId, id.ToGuid(GuidRepresentation.Standard));
        Assert.False(doc.Contains("CorrelationId"));
        Assert.Equal(BsonType.Int32, doc["Version"].BsonType);
        Assert.Equal(new BsonString("Validating"), doc["CurrentState"]);
        Assert.Equal(BsonType.DateTime, doc["SubmittedAt"].BsonType);
        Assert.Equal(session.SubmittedAt, doc["SubmittedAt"].ToUniversalTime());
        Assert.Equal(BsonType.DateTime, doc["DeadlineAt"].BsonType);
        Assert.Equal(BsonType.Null, doc["FinishedAt"].BsonType);
        Assert.Equal(BsonBinarySubType.UuidStandard, doc["BatchId"].AsBsonBinaryData.SubType);
        Assert.Equal(new BsonString("s3://benchgen-staging/claims/2025/01/31/abc"), doc["ScriptAddress"]);
        Assert.Equal(BsonType.String, doc["VariantAddresses"][0]["Model"].BsonType);
        Assert.Equal(BsonType.DateTime, doc["Checkpoints"][0]["At"].BsonType);
    }

    [Fact]
    public void Should_read_back_the_session_it_wrote()
    {
        GenerationSessionBsonMap.Register();
        var session = Sample();

        var back = BsonSerializer.Deserialize<GenerationSession>(session.ToBsonDocument());

        Assert.Equal(session.CorrelationId, back.CorrelationId);
        Assert.Equal(session.CurrentState, back.CurrentState);
        Assert.Equal(session.BatchId, back.BatchId);
        Assert.Equal(session.SubmittedAt, back.SubmittedAt);
        Assert.Equal(DateTimeKind.Utc, back.SubmittedAt.Kind);
        Assert.Equal(session.DeadlineAt, back.DeadlineAt);
        Assert.Null(back.FinishedAt);
        Assert.Equal(session.ScriptAddress, back.ScriptAddress);
        Assert.Equal(session.VariantAddresses[0].Model, back.VariantAddresses[0].Model);
        Assert.Equal("planned", back.Checkpoints[0].Message);
    }

    [Fact]
    public void Should_tolerate_fields_it_does_not_know()
    {
        GenerationSessionBsonMap.Register();
        var doc = Sample().ToBsonDocument();
        doc["AddedByALaterVersion"] = 1;

        var back = BsonSerializer.Deserialize<GenerationSession>(doc);

        Assert.Equal("Validating", back.CurrentState);
    }
}

public sealed class Benchmark_asset_documents
{
    static BenchmarkAsset Sample() => new()
    {
        BenchmarkId = "bm-0123456789abcdef",
        SessionId = Guid.NewGuid(),
        BatchId = null,
        Prompt = "A stack of 3 blocks",
        Family = "stack",
        Seed = 42,
        ScriptUrl = "http://s3/benchmarks-source/bm/script.py",
        ModelUrl = "http://s3/benchmarks-assets/bm/model.xml",
        PreviewsUrl = "http://s3/benchmarks-assets/bm/previews.zip",
        ContactSheetUrl = "http://s3/benchmarks-assets/bm/contact-sheet.png",
        DefinitionUrl = "http://s3/benchmarks-assets/bm/benchmark.json",
        ValidationUrl = "http://s3/benchmarks-assets/bm/validation.json",
        Variants = [new BenchmarkVariant("bm-v1", 1, "http://s3/benchmarks-assets/bm/variants/seed-1.xml", "aa")],
        Difficulty = 0.35,
        DefinitionJson = """{"goal_zone":{"min":[0.5,0.0,0.0],"max":[0.75,0.25,0.5]},"payload":{"label":"block","jitter":0.01},"forbid_zones":[]}""",
        ValidationSummary = "5/5 seeds stable",
        ContentHash = "sha256:abc",
        Signature = "sig-1",
        GeneratorVersion = "0.1.0",
        MujocoVersion = "2.2.2",
        CreatedAt = new DateTime(2025, 1, 31, 12, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void Should_store_the_asset_with_camel_case_fields_and_a_definition_sub_document()
    {
        var doc = BenchmarkAssetDocument.ToBson(Sample());

        Assert.Equal(new BsonString("bm-0123456789abcdef"), doc["_id"]);
        Assert.Equal(BsonBinarySubType.UuidStandard, doc["sessionId"].AsBsonBinaryData.SubType);
        Assert.Equal(BsonType.DateTime, doc["createdAt"].BsonType);
        Assert.Equal(BsonType.Document, doc["definition"].BsonType);
        Assert.Equal(0.75, doc["definition"]["goal_zone"]["max"][0].AsDouble);
        Assert.Equal(BsonType.Array, doc["variants"].BsonType);
        Assert.Equal("aa", doc["variants"][0]["sha256"].AsString);
        foreach (var name in new[] { "prompt", "family", "seed", "scriptUrl", "modelUrl", "previewsUrl", "contactSheetUrl", "definitionUrl",
                     "validationUrl", "difficulty", "validationSummary", "contentHash", "signature", "duplicateOf", "generatorVersion", "mujocoVersion" })
            Assert.True(doc.Contains(name), $"field {name} missing");
    }

    [Fact]
    public void Should_read_back_the_asset_it_wrote()
    {
        // A promoted record with its review history: curation's fields survive the round trip too.
        var asset = Sample() with
        {
            ReviewState = ReviewStates.Promoted,
            Tier = 2,
            AnimationUrl = "http://s3/benchmarks-assets/bm/animation.gif",
            ReviewHistory =
            [
                new ReviewEvent(new DateTime(2025, 2, 1, 9, 0, 0, DateTimeKind.Utc), "ana", "promote", "staged", "promoted", 2, "fine"),
                new ReviewEvent(new DateTime(2025, 2, 2, 9, 0, 0, DateTimeKind.Utc), "ben", "promote", "promoted", "promoted", 2, null),
            ],
        };

        var doc = BenchmarkAssetDocument.ToBson(asset);
        var back = BenchmarkAssetDocument.FromBson(doc);

        Assert.Equal(asset with { Variants = back.Variants, DefinitionJson = back.DefinitionJson, ReviewHistory = back.ReviewHistory }, back);
        Assert.Equal(asset.Variants, back.Variants);
        Assert.Equal(asset.ReviewHistory, back.ReviewHistory);
        Assert.Equal("promoted", doc["reviewState"].AsString);
        Assert.Equal(BsonType.DateTime, doc["reviewHistory"][0]["at"].BsonType);

        // A record written before curation existed has no review fields: it reads back staged, untiered, no history.
        doc.Remove("reviewState");
        doc.Remove("tier");
        doc.Remove("reviewHistory");
        doc.Remove("animationUrl");
        var old = BenchmarkAssetDocument.FromBson(doc);
        Assert.Equal((ReviewStates.Staged, (int?)null, 0), (old.ReviewState, old.Tier, old.ReviewHistory.Count));
        Assert.Null(old.AnimationUrl); // and, written before the animation existed, has none
        Assert.True(JsonDeepEquals(asset.DefinitionJson, back.DefinitionJson), back.DefinitionJson);
    }

    [Fact]
    public void Should_reject_a_definition_that_is_not_a_json_object()
    {
        var ex = Assert.Throws<ArgumentException>(() => BenchmarkAssetDocument.ToBson(Sample() with { DefinitionJson = "[1,2]" }));
        Assert.Contains("bm-0123456789abcdef", ex.Message, StringComparison.Ordinal);
    }

    static bool JsonDeepEquals(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));
}
