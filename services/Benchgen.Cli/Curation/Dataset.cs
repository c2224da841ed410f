using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Physics;

namespace Benchgen.Cli.Curation;

public sealed class DatasetException(string message) : Exception(message);

public sealed record ExportSummary(string Directory, int Benchmarks, int Files);

/// <summary>
/// A self-describing dataset of catalogue records: one folder per benchmark holding its artifacts, <c>manifest.jsonl</c>
/// (one line per benchmark: id, prompt, task, tier, state, difficulty, seeds, review history, and every file's relative
/// path and SHA-256), <c>DATASHEET.md</c> (counts by family, tier and state, and <c>difficulty.png</c>, a histogram).
/// Nothing in it depends on when or where it was written, so exporting the same records again is byte-identical, and
/// <see cref="ImportAsync"/> rebuilds the records (with this deployment's URLs) in an empty catalogue.
/// </summary>
public static class Dataset
{
    public const string Manifest = "manifest.jsonl", Datasheet = "DATASHEET.md", Histogram = "difficulty.png";
    public const int MaxManifestBytes = 64 * 1024 * 1024;

    static readonly string[] Fixed = ["benchmark.json", "script.py", "model.xml", "previews.zip", "contact-sheet.png", "validation.json"];

    /// <summary>The reference solution's animation: exported when the record has one (benchmarks stored before it have none).</summary>
    public const string AnimationFile = "animation.gif";

    // The generator script lives in the source bucket, everything else in the assets bucket (as persistence writes them).
    static string BucketFor(S3Options buckets, string file) => file == "script.py" ? buckets.SourceBucket : buckets.AssetsBucket;

    static string KeyFor(string id, string file) => file switch
    {
        "benchmark.json" => ArtifactKeys.Definition(id),
        "script.py" => ArtifactKeys.Script(id),
        "model.xml" => ArtifactKeys.Model(id),
        "previews.zip" => ArtifactKeys.Previews(id),
        "contact-sheet.png" => ArtifactKeys.ContactSheet(id),
        "validation.json" => ArtifactKeys.Validation(id),
        AnimationFile => ArtifactKeys.Animation(id),
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "not a benchmark artifact"),
    };

    /// <summary>
    /// Writes the records matching <paramref name="query"/> to <paramref name="outDirectory"/>, which must not exist or be
    /// empty. Everything is written into a temporary sibling folder first and renamed at the end: a failure leaves nothing.
    /// </summary>
    public static async Task<ExportSummary> ExportAsync(IAssetCatalogue catalogue, IArtifactStore store, S3Options buckets, string outDirectory,
        CatalogueQuery query, CancellationToken ct)
    {
        var target = Path.GetFullPath(outDirectory);
        if (File.Exists(target)) throw new DatasetException($"{target} is a file; export needs a new or empty folder");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new DatasetException($"{target} is not empty; export into a new or empty folder");
        var parent = Path.GetDirectoryName(target) ?? throw new DatasetException($"{target} has no parent folder");
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.export-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temporary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"cannot write into {parent}: {ex.Message}");
        }

        try
        {
            var records = (await catalogue.QueryAsync(query, ct).ConfigureAwait(false)).OrderBy(a => a.BenchmarkId, StringComparer.Ordinal).ToList();
            var manifest = new StringBuilder();
            var files = 0;
            foreach (var asset in records)
            {
                ct.ThrowIfCancellationRequested();
                ArtifactKeys.EnsureSafe(buckets.AssetsBucket, asset.BenchmarkId);
                var entries = new List<(string Path, string Sha256)>();
                async Task CopyAsync(string relative, string key)
                {
                    var bytes = await store.GetAsync(BucketFor(buckets, relative), key, ct).ConfigureAwait(false)
                                ?? throw new DatasetException($"benchmark {asset.BenchmarkId}: {key} is missing from the artifact store; nothing was exported");
                    var path = Path.Combine(temporary, asset.BenchmarkId, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllBytesAsync(path, bytes, ct).ConfigureAwait(false);
                    entries.Add(($"{asset.BenchmarkId}/{relative}", Sha256(bytes)));
                    files++;
                }

                foreach (var file in Fixed) await CopyAsync(file, KeyFor(asset.BenchmarkId, file)).ConfigureAwait(false);
                if (asset.AnimationUrl is { Length: > 0 }) await CopyAsync(AnimationFile, KeyFor(asset.BenchmarkId, AnimationFile)).ConfigureAwait(false);
                foreach (var variant in asset.Variants.OrderBy(v => v.Seed))
                    await CopyAsync($"variants/seed-{variant.Seed.ToString(CultureInfo.InvariantCulture)}.xml", ArtifactKeys.Variant(asset.BenchmarkId, variant.Seed)).ConfigureAwait(false);
                manifest.Append(ManifestLine(asset, entries)).Append('\n');
            }

            await File.WriteAllTextAsync(Path.Combine(temporary, Manifest), manifest.ToString(), ct).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(temporary, Histogram), Png.Encode(DifficultyHistogram(records)), ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, Datasheet), DatasheetText(records, query), ct).ConfigureAwait(false);

            if (Directory.Exists(target)) Directory.Delete(target); // empty, checked above
            Directory.Move(temporary, target);
            return new ExportSummary(target, records.Count, files + 3);
        }
        catch
        {
            try { Directory.Delete(temporary, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>
    /// Reads an export back into the catalogue: every file's hash is checked and every id must be new here before
    /// anything is written. Returns the number of benchmarks imported.
    /// </summary>
    public static async Task<int> ImportAsync(IAssetCatalogue catalogue, IArtifactStore store, S3Options buckets, string directory, CancellationToken ct)
    {
        var root = Path.GetFullPath(directory);
        var manifestPath = Path.Combine(root, Manifest);
        if (!File.Exists(manifestPath)) throw new DatasetException($"{root} has no {Manifest}: not a Benchgen dataset export");
        if (new FileInfo(manifestPath).Length > MaxManifestBytes) throw new DatasetException($"{Manifest} is larger than {MaxManifestBytes} bytes");

        var planned = new List<(BenchmarkAsset Asset, List<(string Relative, byte[] Bytes)> Files)>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(manifestPath, ct).ConfigureAwait(false))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                planned.Add(await ReadEntryAsync(root, line, ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                throw new DatasetException($"{Manifest} line {lineNumber}: {ex.Message}");
            }
        }

        foreach (var (asset, _) in planned)
            if (await catalogue.FindAsync(asset.BenchmarkId, ct).ConfigureAwait(false) is not null)
                throw new DatasetException($"benchmark {asset.BenchmarkId} is already in this catalogue; import needs an empty one (nothing was imported)");

        foreach (var (asset, files) in planned)
        {
            var urls = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (relative, bytes) in files)
            {
                var key = relative.StartsWith("variants/", StringComparison.Ordinal) ? $"{asset.BenchmarkId}/{relative}" : KeyFor(asset.BenchmarkId, relative);
                urls[relative] = await store.PutAsync(BucketFor(buckets, relative), key, bytes, ContentType(relative), ct).ConfigureAwait(false);
            }

            await catalogue.UpsertAsync(asset with
            {
                ScriptUrl = urls["script.py"], ModelUrl = urls["model.xml"], PreviewsUrl = urls["previews.zip"],
                ContactSheetUrl = urls["contact-sheet.png"], DefinitionUrl = urls["benchmark.json"], ValidationUrl = urls["validation.json"],
                AnimationUrl = urls.GetValueOrDefault(AnimationFile),
                Variants = asset.Variants.Select(v => v with { Url = urls[$"variants/seed-{v.Seed.ToString(CultureInfo.InvariantCulture)}.xml"] }).ToList(),
            }, ct).ConfigureAwait(false);
        }

        return planned.Count;
    }

    static async Task<(BenchmarkAsset, List<(string, byte[])>)> ReadEntryAsync(string root, string line, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        var id = e.GetProperty("id").GetString() ?? throw new FormatException("id is null");
        ArtifactKeys.EnsureSafe("import", id);
        var files = new List<(string, byte[])>();
        var definition = "";
        foreach (var file in e.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("path").GetString() ?? throw new FormatException("a file path is null");
            if (!path.StartsWith(id + "/", StringComparison.Ordinal)) throw new FormatException($"file {path} is outside its benchmark's folder");
            var relative = path[(id.Length + 1)..];
            if (!(Fixed.Contains(relative) || relative == AnimationFile || System.Text.RegularExpressions.Regex.IsMatch(relative, "^variants/seed-[0-9]{1,9}\\.xml$")))
                throw new FormatException($"file {path} is not a benchmark artifact");
            var full = Path.GetFullPath(Path.Combine(root, path));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new FormatException($"file {path} escapes the dataset");
            var bytes = await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false);
            if (Sha256(bytes) != file.GetProperty("sha256").GetString())
                throw new FormatException($"{path} does not match its SHA-256 in the manifest");
            if (relative == "benchmark.json") definition = Encoding.UTF8.GetString(bytes);
            files.Add((relative, bytes));
        }
        foreach (var required in Fixed)
            if (!files.Any(f => f.Item1 == required)) throw new FormatException($"benchmark {id} lacks {required}");

        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int? Int(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        var asset = new BenchmarkAsset
        {
            BenchmarkId = id,
            SessionId = Guid.Parse(Str("session_id")!),
            BatchId = Str("batch_id") is { } batch ? Guid.Parse(batch) : null,
            Prompt = Str("prompt")!,
            Family = Str("family")!,
            Seed = e.GetProperty("seed").GetInt32(),
            ScriptUrl = "", ModelUrl = "", PreviewsUrl = "", ContactSheetUrl = "", DefinitionUrl = "", ValidationUrl = "",
            Variants = e.GetProperty("variants").EnumerateArray()
                .Select(v => new BenchmarkVariant(v.GetProperty("variant_id").GetString()!, v.GetProperty("seed").GetInt32(), "", v.GetProperty("sha256").GetString()!))
                .ToList(),
            Difficulty = e.GetProperty("difficulty").GetDouble(),
            DefinitionJson = definition,
            ValidationSummary = Str("validation_summary") ?? "",
            ContentHash = Str("content_hash")!,
            Signature = Str("signature"),
            DuplicateOf = Str("duplicate_of"),
            GeneratorVersion = Str("generator_version") ?? "unknown",
            MujocoVersion = Str("mujoco_version") ?? "unknown",
            CreatedAt = DateTime.Parse(Str("created_at")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            ReviewState = Str("state") is { } state && ReviewStates.All.Contains(state) ? state : throw new FormatException("state is not a review state"),
            Tier = Int(e.GetProperty("tier")),
            ReviewHistory = e.GetProperty("review_history").EnumerateArray().Select(h => new ReviewEvent(
                DateTime.Parse(h.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                h.GetProperty("by").GetString()!, h.GetProperty("action").GetString()!, h.GetProperty("from").GetString()!, h.GetProperty("to").GetString()!,
                Int(h.GetProperty("tier")), h.GetProperty("note").GetString())).ToList(),
        };
        return (asset, files);
    }

    static string ManifestLine(BenchmarkAsset a, List<(string Path, string Sha256)> files)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", a.BenchmarkId);
            w.WriteString("prompt", a.Prompt);
            w.WriteString("family", a.Family);
            w.WriteString("state", a.ReviewState);
            if (a.Tier is { } tier) w.WriteNumber("tier", tier); else w.WriteNull("tier");
            w.WriteNumber("difficulty", a.Difficulty);
            w.WriteNumber("seed", a.Seed);
            w.WriteStartArray("seeds");
            foreach (var seed in new[] { a.Seed }.Concat(a.Variants.Select(v => v.Seed)).Distinct().Order()) w.WriteNumberValue(seed);
            w.WriteEndArray();
            w.WriteStartArray("variants");
            foreach (var v in a.Variants.OrderBy(v => v.Seed))
            {
                w.WriteStartObject();
                w.WriteString("variant_id", v.VariantId);
                w.WriteNumber("seed", v.Seed);
                w.WriteString("sha256", v.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("task");
            if (TaskOf(a.DefinitionJson) is { } task) task.WriteTo(w); else w.WriteNullValue();
            w.WriteString("session_id", a.SessionId.ToString("D"));
            if (a.BatchId is { } batch) w.WriteString("batch_id", batch.ToString("D")); else w.WriteNull("batch_id");
            w.WriteString("created_at", a.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("content_hash", a.ContentHash);
            if (a.Signature is null) w.WriteNull("signature"); else w.WriteString("signature", a.Signature);
            if (a.DuplicateOf is null) w.WriteNull("duplicate_of"); else w.WriteString("duplicate_of", a.DuplicateOf);
            w.WriteString("generator_version", a.GeneratorVersion);
            w.WriteString("mujoco_version", a.MujocoVersion);
            w.WriteString("validation_summary", a.ValidationSummary);
            w.WriteStartArray("review_history");
            foreach (var h in a.ReviewHistory)
            {
                w.WriteStartObject();
                w.WriteString("at", h.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("by", h.By);
                w.WriteString("action", h.Action);
                w.WriteString("from", h.From);
                w.WriteString("to", h.To);
                if (h.Tier is { } t) w.WriteNumber("tier", t); else w.WriteNull("tier");
                if (h.Note is null) w.WriteNull("note"); else w.WriteString("note", h.Note);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var (path, sha) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteString("sha256", sha);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static JsonElement? TaskOf(string definitionJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(definitionJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("task", out var task) ? task.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string DatasheetText(IReadOnlyList<BenchmarkAsset> records, CatalogueQuery query)
    {
        var md = new StringBuilder();
        md.Append("# Benchgen dataset\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{records.Count} benchmarks, selected by: {Describe(query)}.\n\n");
        md.Append("Each folder holds one benchmark: `benchmark.json` (definition, task, reference solution), `script.py` (the generator, ")
          .Append("`build(seed, scale)`), `model.xml` (canonical seed), `variants/seed-N.xml`, `previews.zip` (24 views + cameras.json), ")
          .Append("`contact-sheet.png`, `validation.json` and, when the benchmark has one, `animation.gif` (the reference solution replayed ")
          .Append("on the canonical seed). `manifest.jsonl` lists every benchmark with its files' SHA-256; ")
          .Append("`benchgen import DIR` reads it back into an empty catalogue.\n\n");
        Table(md, "Family", records.GroupBy(r => r.Family));
        Table(md, "Tier", records.GroupBy(r => r.Tier is { } t ? t.ToString(CultureInfo.InvariantCulture) : "—"));
        Table(md, "Review state", records.GroupBy(r => r.ReviewState));
        md.Append("## Difficulty\n\n![difficulty histogram](difficulty.png)\n\n| Difficulty | Benchmarks |\n|---|---:|\n");
        var bins = Bins(records);
        for (var i = 0; i < bins.Length; i++)
            md.Append(CultureInfo.InvariantCulture, $"| {i / 10.0:0.0}–{(i + 1) / 10.0:0.0} | {bins[i]} |\n");
        return md.ToString();
    }

    static void Table(StringBuilder md, string title, IEnumerable<IGrouping<string, BenchmarkAsset>> groups)
    {
        md.Append(CultureInfo.InvariantCulture, $"## By {title.ToLowerInvariant()}\n\n| {title} | Benchmarks |\n|---|---:|\n");
        foreach (var g in groups.OrderBy(g => g.Key, StringComparer.Ordinal)) md.Append(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} |\n");
        md.Append('\n');
    }

    static string Describe(CatalogueQuery q)
    {
        var parts = new List<string>();
        if (q.State is not null) parts.Add($"state {q.State}");
        if (q.Tier is not null) parts.Add($"tier {q.Tier}");
        if (q.Family is not null) parts.Add($"family {q.Family}");
        if (q.MinDifficulty is not null) parts.Add(FormattableString.Invariant($"difficulty ≥ {q.MinDifficulty}"));
        if (q.BatchId is not null) parts.Add($"batch {q.BatchId}");
        return parts.Count == 0 ? "every record" : string.Join(", ", parts);
    }

    static int[] Bins(IReadOnlyList<BenchmarkAsset> records)
    {
        var bins = new int[10];
        foreach (var r in records) bins[Math.Clamp((int)Math.Floor(r.Difficulty * 10), 0, 9)]++;
        return bins;
    }

    /// <summary>Ten bars over difficulty 0–1, labelled with their counts and the axis.</summary>
    public static RgbImage DifficultyHistogram(IReadOnlyList<BenchmarkAsset> records)
    {
        const int width = 420, height = 220, left = 30, bottom = 190, top = 24, barWidth = 36;
        var px = Enumerable.Repeat((byte)250, width * height * 3).ToArray();
        var bins = Bins(records);
        var max = Math.Max(1, bins.Max());
        PixelFont.Draw(px, width, height, left, 6, "DIFFICULTY (N = " + records.Count.ToString(CultureInfo.InvariantCulture) + ")", (40, 40, 40));
        PixelFont.FillRect(px, width, height, left - 2, bottom, 10 * barWidth + 4, 1, (60, 60, 60), 1);
        for (var i = 0; i < 10; i++)
        {
            var h = (int)Math.Round((double)bins[i] / max * (bottom - top - 12));
            var x = left + i * barWidth;
            PixelFont.FillRect(px, width, height, x + 3, bottom - h, barWidth - 6, h, (70, 120, 200), 1);
            var count = bins[i].ToString(CultureInfo.InvariantCulture);
            PixelFont.Draw(px, width, height, x + (barWidth - PixelFont.Measure(count)) / 2, bottom - h - 10, count, (40, 40, 40));
            var label = (i / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
            PixelFont.Draw(px, width, height, x, bottom + 6, label, (80, 80, 80));
        }
        PixelFont.Draw(px, width, height, left + 10 * barWidth - 12, bottom + 6, "1.0", (80, 80, 80));
        return new RgbImage(width, height, px);
    }

    static string ContentType(string relative) => Path.GetExtension(relative) switch
    {
        ".json" => "application/json",
        ".py" => "text/x-python",
        ".xml" => "application/xml",
        ".zip" => "application/zip",
        ".png" => "image/png",
        ".gif" => "image/gif",
        _ => "application/octet-stream",
    };

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
