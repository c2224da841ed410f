using System.Security.Cryptography;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchgen.Persistence;

/// <summary>
/// Copies an accepted benchmark's claim checks into the artifact store under deterministic keys, then upserts the
/// catalogue record. AssetPersisted is published only after both exist, so nothing is reported Accepted without them.
/// </summary>
public sealed class PersistAssetConsumer(
    IClaimCheckStore claimChecks,
    IArtifactStore store,
    IAssetCatalogue catalogue,
    IOptions<S3Options> buckets,
    IOptions<Curation.CurationOptions> curation,
    ILogger<PersistAssetConsumer> logger,
    IBus? bus = null) : IConsumer<PersistAsset>
{
    public async Task Consume(ConsumeContext<PersistAsset> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var b = buckets.Value;
        var id = m.BenchmarkId;

        await bus.ReportStartedAsync(logger, m.SessionId, "persisting", 0, m.Nonce, cancellationToken: context.CancellationToken);

        if (!string.Equals(id, BenchmarkIds.For(m.SessionId), StringComparison.Ordinal))
        {
            // Keys derive from the benchmark id: another session's id would overwrite that session's benchmark.
            logger.LogWarning("Session {SessionId}: PersistAsset for benchmark '{BenchmarkId}' refused: not the session's own id {Expected}",
                m.SessionId, id, BenchmarkIds.For(m.SessionId));
            await context.Publish(new PersistenceFailed(m.SessionId,
                $"benchmark id '{Short(id)}' refused: session {m.SessionId:N} stores only {BenchmarkIds.For(m.SessionId)}", m.Nonce), ct);
            return;
        }

        byte[] script, model, previews, contactSheet, definition, validation;
        byte[]? animation = null;
        var variantBytes = new List<byte[]>(m.Variants.Count);
        try
        {
            // Every read goes through the confined store: only claims of this session, written by this deployment.
            script = await claimChecks.GetBytesAsync(m.SessionId, m.Script, ct);
            model = await claimChecks.GetBytesAsync(m.SessionId, m.Model, ct);
            previews = await claimChecks.GetBytesAsync(m.SessionId, m.PreviewBundle, ct);
            contactSheet = await claimChecks.GetBytesAsync(m.SessionId, m.ContactSheet, ct);
            definition = await claimChecks.GetBytesAsync(m.SessionId, m.Definition, ct);
            validation = await claimChecks.GetBytesAsync(m.SessionId, m.ValidationReport, ct);
            if (m.Animation is not null)
                animation = await claimChecks.GetBytesAsync(m.SessionId, m.Animation, ct);
            foreach (var variant in m.Variants)
                variantBytes.Add(await claimChecks.GetBytesAsync(m.SessionId, variant.Model, ct));
        }
        catch (Exception ex) when (ex is ClaimCheckNotFoundException or ClaimCheckRefusedException)
        {
            // The staging copy expired or was lost, or the address is not this session's: retrying cannot help.
            if (ex is ClaimCheckRefusedException)
                logger.LogWarning("Session {SessionId}: {Reason}", m.SessionId, ex.Message);
            await context.Publish(new PersistenceFailed(m.SessionId, ex.Message, m.Nonce), ct);
            return;
        }

        var scriptUrl = await store.PutAsync(b.SourceBucket, ArtifactKeys.Script(id), script, "text/x-python", ct);
        var modelUrl = await store.PutAsync(b.AssetsBucket, ArtifactKeys.Model(id), model, "application/xml", ct);
        var variants = new List<BenchmarkVariant>();
        for (var i = 0; i < m.Variants.Count; i++)
        {
            var variant = m.Variants[i];
            var bytes = variantBytes[i];
            var sha = Sha256(bytes);
            if (!string.Equals(sha, variant.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"Variant seed {variant.Seed} of {id}: claim check hash {sha} does not match {variant.Sha256}.");
            }

            var url = await store.PutAsync(b.AssetsBucket, ArtifactKeys.Variant(id, variant.Seed), bytes, "application/xml", ct);
            variants.Add(new BenchmarkVariant($"{id}-seed-{variant.Seed}", variant.Seed, url, sha));
        }

        var previewsUrl = await store.PutAsync(b.AssetsBucket, ArtifactKeys.Previews(id), previews, "application/zip", ct);
        var contactSheetUrl = await store.PutAsync(b.AssetsBucket, ArtifactKeys.ContactSheet(id), contactSheet, "image/png", ct);
        var validationUrl = await store.PutAsync(b.AssetsBucket, ArtifactKeys.Validation(id), validation, "application/json", ct);
        var animationUrl = animation is null ? null : await store.PutAsync(b.AssetsBucket, ArtifactKeys.Animation(id), animation, "image/gif", ct);
        var definitionUrl = await store.PutAsync(b.AssetsBucket, ArtifactKeys.Definition(id), definition, "application/json", ct);

        var definitionJson = System.Text.Encoding.UTF8.GetString(definition);
        var facts = DefinitionFacts.Read(definitionJson);
        var contentHash = Sha256([.. script, .. model]);
        var duplicate = await catalogue.FindDuplicateAsync(contentHash, facts.Signature, id, ct);

        var record = new BenchmarkAsset
        {
            BenchmarkId = id,
            SessionId = m.SessionId,
            BatchId = m.BatchId,
            Prompt = m.Prompt,
            Family = m.Family,
            Seed = m.Seed,
            ScriptUrl = scriptUrl,
            ModelUrl = modelUrl,
            PreviewsUrl = previewsUrl,
            ContactSheetUrl = contactSheetUrl,
            DefinitionUrl = definitionUrl,
            ValidationUrl = validationUrl,
            AnimationUrl = animationUrl,
            Variants = variants,
            Difficulty = m.Difficulty,
            DefinitionJson = definitionJson,
            ValidationSummary = m.ValidationSummary,
            ContentHash = contentHash,
            Signature = facts.Signature,
            DuplicateOf = duplicate?.BenchmarkId,
            GeneratorVersion = facts.GeneratorVersion ?? "unknown",
            MujocoVersion = facts.MujocoVersion ?? "unknown",
            CreatedAt = DateTime.UtcNow,
        };
        // A redelivered PersistAsset rewrites the same record: it keeps what curators did to it meanwhile.
        var existing = await catalogue.FindAsync(id, ct);
        record = existing is null
            ? Curation.Curator.Admit(record, curation.Value.AutoPromote, record.CreatedAt)
            : record with { ReviewState = existing.ReviewState, Tier = existing.Tier, ReviewHistory = existing.ReviewHistory, CreatedAt = existing.CreatedAt };
        await catalogue.UpsertAsync(record, ct);

        if (duplicate is not null)
        {
            logger.LogInformation("Benchmark {BenchmarkId} duplicates {Existing}", id, duplicate.BenchmarkId);
        }

        await context.Publish(new AssetPersisted(m.SessionId, id, new AssetUrls(
            definitionUrl, scriptUrl, modelUrl, variants.Select(v => v.Url).ToList(), previewsUrl, contactSheetUrl, definitionUrl, validationUrl, animationUrl), m.Nonce), ct);
    }

    static string Short(string text) => text.Length > 80 ? text[..80] + "…" : text;

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Provenance facts the catalogue indexes, read from benchmark.json wherever the generator put them.</summary>
public sealed record DefinitionFacts(string? GeneratorVersion, string? MujocoVersion, string? Signature)
{
    public static DefinitionFacts Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return new DefinitionFacts(Find(document.RootElement, "generatorversion"), Find(document.RootElement, "mujocoversion"),
                Find(document.RootElement, "signature"));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("benchmark.json is not valid JSON: " + ex.Message, ex);
        }
    }

    static string? Find(JsonElement element, string normalizedName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Replace("_", "").Equals(normalizedName, StringComparison.OrdinalIgnoreCase) &&
                property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }

            if (Find(property.Value, normalizedName) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
