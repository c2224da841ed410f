using Benchgen.Hosting.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// How <see cref="GenerationSession"/> looks in <c>generation_sessions</c>: readable in mongosh (state as a string,
/// times as UTC BSON dates, addresses as strings), <c>_id</c> = CorrelationId as a standard UUID, Version always present.
/// </summary>
public static class GenerationSessionBsonMap
{
    public const string CollectionName = "generation_sessions";

    static readonly Lock Gate = new();

    /// <summary>Ops queries: sessions by state, newest first; sessions of a batch.</summary>
    public static readonly IReadOnlyList<MongoIndexSpec> Indexes =
    [
        new("state_updated", new BsonDocument { { nameof(GenerationSession.CurrentState), 1 }, { nameof(GenerationSession.UpdatedAt), -1 } }),
        new("batch", new BsonDocument(nameof(GenerationSession.BatchId), 1)),
    ];

    /// <summary>Idempotent; must run before the first read or write of a session (the saga repository does it via its options).</summary>
    public static void Register()
    {
        BenchgenBsonDefaults.EnsureRegistered();
        lock (Gate)
        {
            if (BsonClassMap.IsClassMapRegistered(typeof(GenerationSession)))
                return;

            var utc = new DateTimeSerializer(DateTimeKind.Utc, BsonType.DateTime);
            var nullableUtc = new NullableSerializer<DateTime>(utc);
            var uri = new UriSerializer();

            BsonClassMap.RegisterClassMap<GenerationSession>(cm =>
            {
                cm.AutoMap();
                cm.SetIgnoreExtraElements(true);
                cm.MapIdProperty(x => x.CorrelationId).SetSerializer(new GuidSerializer(GuidRepresentation.Standard));
                cm.MapProperty(x => x.Version).SetIgnoreIfDefault(false);
                cm.MapProperty(x => x.CurrentState).SetSerializer(new StringSerializer(BsonType.String));
                cm.MapProperty(x => x.BatchId).SetSerializer(new NullableSerializer<Guid>(new GuidSerializer(GuidRepresentation.Standard)));
                // The TaskSpec stays a JSON string (readable in mongosh, exactly what the producer sent), null when the prompt is planned.
                cm.MapProperty(x => x.Spec).SetSerializer(new StringSerializer(BsonType.String));
                cm.MapProperty(x => x.RequestNonce).SetSerializer(new GuidSerializer(GuidRepresentation.Standard));
                cm.MapProperty(x => x.SubmittedAt).SetSerializer(utc);
                cm.MapProperty(x => x.UpdatedAt).SetSerializer(utc);
                cm.MapProperty(x => x.StageStartedAt).SetSerializer(utc);
                cm.MapProperty(x => x.FinishedAt).SetSerializer(nullableUtc);
                cm.MapProperty(x => x.DeadlineAt).SetSerializer(nullableUtc);
                cm.MapProperty(x => x.ScriptAddress).SetSerializer(uri);
                cm.MapProperty(x => x.ModelAddress).SetSerializer(uri);
                cm.MapProperty(x => x.DefinitionAddress).SetSerializer(uri);
                cm.MapProperty(x => x.ValidationAddress).SetSerializer(uri);
                cm.MapProperty(x => x.PreviewBundleAddress).SetSerializer(uri);
                cm.MapProperty(x => x.ContactSheetAddress).SetSerializer(uri);
                cm.MapProperty(x => x.TrajectoryAddress).SetSerializer(uri);
                cm.MapProperty(x => x.AnimationAddress).SetSerializer(uri);
            });
            BsonClassMap.RegisterClassMap<CheckpointEntry>(cm =>
            {
                cm.AutoMap();
                cm.SetIgnoreExtraElements(true);
                cm.MapProperty(x => x.At).SetSerializer(utc);
            });
            BsonClassMap.RegisterClassMap<VariantEntry>(cm =>
            {
                cm.AutoMap();
                cm.SetIgnoreExtraElements(true);
                cm.MapProperty(x => x.Model).SetSerializer(uri);
            });
            BsonClassMap.RegisterClassMap<AssetUrlsEntry>(cm =>
            {
                cm.AutoMap();
                cm.SetIgnoreExtraElements(true);
            });
        }
    }

    /// <summary>Options for <c>BenchgenMongoRepository</c> with this map and the ops indexes.</summary>
    public static void Configure(MongoSagaOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CollectionName))
            options.CollectionName = CollectionName;
        options.RegisterClassMap = Register;
        foreach (var index in Indexes)
            options.Indexes.Add(index);
    }
}
