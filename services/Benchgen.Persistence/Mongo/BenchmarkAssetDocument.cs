using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Benchgen.Persistence.Mongo;

/// <summary>
/// The <c>benchmark_assets</c> document layout, written by hand so field names and BSON types are fixed and documented:
/// <c>_id</c> (benchmark id), <c>sessionId</c>/<c>batchId</c> (UUID), <c>prompt</c>, <c>family</c>, <c>seed</c>,
/// <c>scriptUrl</c>, <c>modelUrl</c>, <c>previewsUrl</c>, <c>contactSheetUrl</c>, <c>definitionUrl</c>, <c>validationUrl</c>,
/// <c>variants</c> [{<c>variantId</c>, <c>seed</c>, <c>url</c>, <c>sha256</c>}], <c>difficulty</c>,
/// <c>definition</c> (the benchmark definition as a sub-document), <c>validationSummary</c>, <c>contentHash</c>,
/// <c>signature</c>, <c>duplicateOf</c>, <c>generatorVersion</c>, <c>mujocoVersion</c>, <c>createdAt</c> (UTC date).
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
            { "createdAt", new BsonDateTime(asset.CreatedAt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(asset.CreatedAt, DateTimeKind.Utc) : asset.CreatedAt.ToUniversalTime()) },
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
        };
    }

    static string? NullableString(BsonDocument doc, string name) =>
        doc.GetValue(name, BsonNull.Value) is BsonString s ? s.Value : null;
}
