using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Benchgen.Persistence.Mongo;

/// <summary>
/// The <c>benchmark_assets</c> document layout, written by hand so field names and BSON types are fixed and documented:
/// <c>_id</c> (benchmark id), <c>sessionId</c>/<c>batchId</c> (UUID), <c>prompt</c>, <c>family</c>, <c>seed</c>,
/// <c>scriptUrl</c>, <c>modelUrl</c>, <c>previewsUrl</c>, <c>contactSheetUrl</c>, <c>definitionUrl</c>, <c>validationUrl</c>,
/// <c>variants</c> [{<c>variantId</c>, <c>seed</c>, <c>url</c>, <c>sha256</c>}], <c>difficulty</c>,
/// <c>definition</c> (the benchmark definition as a sub-document), <c>validationSummary</c>, <c>contentHash</c>,
/// <c>signature</c>, <c>duplicateOf</c>, <c>generatorVersion</c>, <c>mujocoVersion</c>, <c>createdAt</c> (UTC date),
/// <c>reviewState</c> (staged|promoted|declined; absent on records older than curation = staged), <c>tier</c> (int or
/// null), <c>reviewHistory</c> [{<c>at</c>, <c>by</c>, <c>action</c>, <c>from</c>, <c>to</c>, <c>tier</c>, <c>note</c>}].
/// </summary>
public static class BenchmarkAssetDocument
{
    public static BsonDocument ToBson(BenchmarkAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        BsonDocument definition;
        try
        {
            definition = BsonDocument.Parse(asset.DefinitionJson);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or BsonSerializationException)
        {
            throw new ArgumentException($"Benchmark {asset.BenchmarkId}: DefinitionJson is not a JSON object and cannot be stored as the 'definition' sub-document: {ex.Message}", nameof(asset), ex);
        }

        return new BsonDocument
        {
            { "_id", asset.BenchmarkId },
            { "sessionId", new BsonBinaryData(asset.SessionId, GuidRepresentation.Standard) },
            { "batchId", asset.BatchId is { } batch ? new BsonBinaryData(batch, GuidRepresentation.Standard) : BsonNull.Value },
            { "prompt", asset.Prompt },
            { "family", asset.Family },
            { "seed", asset.Seed },
            { "scriptUrl", asset.ScriptUrl },
            { "modelUrl", asset.ModelUrl },
            { "previewsUrl", asset.PreviewsUrl },
            { "contactSheetUrl", asset.ContactSheetUrl },
            { "definitionUrl", asset.DefinitionUrl },
            { "validationUrl", asset.ValidationUrl },
            { "animationUrl", asset.AnimationUrl is null ? BsonNull.Value : asset.AnimationUrl },
            { "variants", new BsonArray(asset.Variants.Select(v => new BsonDocument
                {
                    { "variantId", v.VariantId },
                    { "seed", v.Seed },
                    { "url", v.Url },
                    { "sha256", v.Sha256 },
                })) },
            { "difficulty", asset.Difficulty },
            { "definition", definition },
            { "validationSummary", asset.ValidationSummary },
            { "contentHash", asset.ContentHash },
            { "signature", asset.Signature is null ? BsonNull.Value : asset.Signature },
            { "duplicateOf", asset.DuplicateOf is null ? BsonNull.Value : asset.DuplicateOf },
            { "generatorVersion", asset.GeneratorVersion },
            { "mujocoVersion", asset.MujocoVersion },
            { "createdAt", Utc(asset.CreatedAt) },
            { "reviewState", asset.ReviewState },
            { "tier", asset.Tier is { } tier ? tier : BsonNull.Value },
            { "reviewHistory", new BsonArray(asset.ReviewHistory.Select(e => new BsonDocument
                {
                    { "at", Utc(e.At) },
                    { "by", e.By },
                    { "action", e.Action },
                    { "from", e.From },
                    { "to", e.To },
                    { "tier", e.Tier is { } t ? t : BsonNull.Value },
                    { "note", e.Note is null ? BsonNull.Value : e.Note },
                })) },
        };
    }

    public static BenchmarkAsset FromBson(BsonDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return new BenchmarkAsset
        {
            BenchmarkId = doc["_id"].AsString,
            SessionId = doc["sessionId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard),
            BatchId = doc.GetValue("batchId", BsonNull.Value) is BsonBinaryData b ? b.ToGuid(GuidRepresentation.Standard) : null,
            Prompt = doc["prompt"].AsString,
            Family = doc["family"].AsString,
            Seed = doc["seed"].ToInt32(),
            ScriptUrl = doc["scriptUrl"].AsString,
            ModelUrl = doc["modelUrl"].AsString,
            PreviewsUrl = doc["previewsUrl"].AsString,
            ContactSheetUrl = doc["contactSheetUrl"].AsString,
            DefinitionUrl = doc["definitionUrl"].AsString,
            ValidationUrl = doc["validationUrl"].AsString,
            AnimationUrl = NullableString(doc, "animationUrl"),
            Variants = doc["variants"].AsBsonArray
                .Select(v => v.AsBsonDocument)
                .Select(v => new BenchmarkVariant(v["variantId"].AsString, v["seed"].ToInt32(), v["url"].AsString, v["sha256"].AsString))
                .ToList(),
            Difficulty = doc["difficulty"].ToDouble(),
            DefinitionJson = doc["definition"].AsBsonDocument.ToJson(new JsonWriterSettings { OutputMode = JsonOutputMode.RelaxedExtendedJson }),
            ValidationSummary = doc["validationSummary"].AsString,
            ContentHash = doc["contentHash"].AsString,
            Signature = NullableString(doc, "signature"),
            DuplicateOf = NullableString(doc, "duplicateOf"),
            GeneratorVersion = doc["generatorVersion"].AsString,
            MujocoVersion = doc["mujocoVersion"].AsString,
            CreatedAt = doc["createdAt"].ToUniversalTime(),
            ReviewState = NullableString(doc, "reviewState") ?? ReviewStates.Staged,
            Tier = doc.GetValue("tier", BsonNull.Value) is { IsNumeric: true } tier ? tier.ToInt32() : null,
            ReviewHistory = doc.GetValue("reviewHistory", BsonNull.Value) is BsonArray history
                ? history.Select(h => h.AsBsonDocument).Select(h => new ReviewEvent(h["at"].ToUniversalTime(), h["by"].AsString,
                    h["action"].AsString, h["from"].AsString, h["to"].AsString,
                    h.GetValue("tier", BsonNull.Value) is { IsNumeric: true } t ? t.ToInt32() : null, NullableString(h, "note"))).ToList()
                : [],
        };
    }

    static BsonDateTime Utc(DateTime at) =>
        new(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime());

    static string? NullableString(BsonDocument doc, string name) =>
        doc.GetValue(name, BsonNull.Value) is BsonString s ? s.Value : null;
}
