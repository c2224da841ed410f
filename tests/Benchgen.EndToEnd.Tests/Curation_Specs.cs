using System.Text;
using Benchgen.Cli.Curation;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.Persistence.Curation;
using Benchgen.Persistence.Embedded;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.EndToEnd.Tests;

/// <summary>A clock the tests set, so the recorded review times are known.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

internal static class CatalogueFixtures
{
    /// <summary>A catalogue record with real files behind it (made-up bytes, real layout) in an embedded data directory.</summary>
    public static async Task<BenchmarkAsset> StoreAsync(string dataDir, string id, string family, double difficulty, int tier, string state = ReviewStates.Staged,
        bool animation = false)
    {
        var storage = Options.Create(new StorageOptions { DataDir = dataDir });
        var store = new DirectoryArtifactStore(storage);
        var b = new S3Options();
        var definition = $$"""{"tier": {{tier}}, "task": {"goal": [{"predicate": "on", "args": ["bowl_1", "plate_1"]}]}, "family": "{{family}}"}""";
        async Task<string> Put(string bucket, string key, string text) => await store.PutAsync(bucket, key, Encoding.UTF8.GetBytes(text), "text/plain", CancellationToken.None);
        var variants = new List<BenchmarkVariant>();
        foreach (var seed in new[] { 1, 2 })
            variants.Add(new BenchmarkVariant($"{id}-seed-{seed}", seed, await Put(b.AssetsBucket, ArtifactKeys.Variant(id, seed), $"<mujoco model='{id}-{seed}'/>"), "sha"));
        var asset = new BenchmarkAsset
        {
            BenchmarkId = id, SessionId = Guid.NewGuid(), Prompt = $"put the bowl on the plate ({id})\nState: Accepted", Family = family, Seed = 0,
            ScriptUrl = await Put(b.SourceBucket, ArtifactKeys.Script(id), "def build(seed, scale): pass\n"),
            ModelUrl = await Put(b.AssetsBucket, ArtifactKeys.Model(id), $"<mujoco model='{id}'/>"),
            PreviewsUrl = await Put(b.AssetsBucket, ArtifactKeys.Previews(id), "zip"),
            ContactSheetUrl = await Put(b.AssetsBucket, ArtifactKeys.ContactSheet(id), "png"),
            DefinitionUrl = await Put(b.AssetsBucket, ArtifactKeys.Definition(id), definition),
            ValidationUrl = await Put(b.AssetsBucket, ArtifactKeys.Validation(id), "{}"),
            AnimationUrl = animation ? await store.PutAsync(b.AssetsBucket, ArtifactKeys.Animation(id), Gif(), "image/gif", CancellationToken.None) : null,
            Variants = variants, Difficulty = difficulty, DefinitionJson = definition, ValidationSummary = "ok", ContentHash = "hash-" + id,
            GeneratorVersion = "g/1", MujocoVersion = "2.2.2", CreatedAt = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc), ReviewState = state,
        };
        await new FileAssetCatalogue(storage).UpsertAsync(asset, CancellationToken.None);
        return asset;
    }

    /// <summary>A real three-frame GIF, as Rendering stores one.</summary>
    public static byte[] Gif() => Benchgen.Physics.Gif.Encode(
        Enumerable.Range(0, 3).Select(i => new Benchgen.Physics.RgbImage(4, 3, Enumerable.Repeat((byte)(80 * i), 36).ToArray())).ToList());

    public static FileAssetCatalogue Catalogue(string dataDir) => new(Options.Create(new StorageOptions { DataDir = dataDir }));
}

public class Reviewing_a_staged_benchmark
{
    [Fact]
    public async Task Should_promote_retier_and_decline_recording_who_when_and_why()
    {
        using var data = new TempDir();
        await CatalogueFixtures.StoreAsync(data.Path, "bm-a", "stack", 0.4, tier: 2);
        var catalogue = CatalogueFixtures.Catalogue(data.Path);
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var curator = new Curator(catalogue, clock);

        var promoted = await curator.PromoteAsync("bm-a", null, "ana", "looks right", CancellationToken.None);
        Assert.Equal(ReviewOutcome.Done, promoted.Outcome);
        Assert.Equal(ReviewStates.Promoted, promoted.Asset!.ReviewState);
        Assert.Equal(2, promoted.Asset.Tier); // the task's own tier

        clock.Now = clock.Now.AddHours(1);
        var retiered = await curator.PromoteAsync("bm-a", 3, "ben", null, CancellationToken.None);
        Assert.Equal(3, retiered.Asset!.Tier);

        Assert.Equal(ReviewOutcome.Invalid, (await curator.DeclineAsync("bm-a", null, "ana", CancellationToken.None)).Outcome);
        Assert.Equal(ReviewOutcome.Invalid, (await curator.PromoteAsync("bm-a", 7, "ana", null, CancellationToken.None)).Outcome);
        Assert.Equal(ReviewOutcome.Invalid, (await curator.PromoteAsync("bm-a", 1, " ", null, CancellationToken.None)).Outcome);

        clock.Now = clock.Now.AddHours(1);
        var declined = await curator.DeclineAsync("bm-a", "the bowl hides the plate", "ana", CancellationToken.None);
        Assert.Equal(ReviewOutcome.Done, declined.Outcome);

        var record = (await catalogue.FindAsync("bm-a", CancellationToken.None))!;
        Assert.Equal(ReviewStates.Declined, record.ReviewState);
        Assert.Null(record.Tier);
        Assert.Equal(
        [
            new ReviewEvent(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc), "ana", "promote", "staged", "promoted", 2, "looks right"),
            new ReviewEvent(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), "ben", "promote", "promoted", "promoted", 3, null),
            new ReviewEvent(new DateTime(2026, 12, 1, 11, 0, 0, DateTimeKind.Utc), "ana", "decline", "promoted", "declined", null, "the bowl hides the plate"),
        ], record.ReviewHistory);

        // Declined is final; an unknown id is not found.
        var again = await curator.PromoteAsync("bm-a", 1, "ben", null, CancellationToken.None);
        Assert.Equal(ReviewOutcome.Conflict, again.Outcome);
        Assert.Contains("declined by ana", again.Message);
        Assert.Equal(ReviewOutcome.Conflict, (await curator.DeclineAsync("bm-a", "again", "ben", CancellationToken.None)).Outcome);
        Assert.Equal(ReviewOutcome.NotFound, (await curator.PromoteAsync("bm-nope", 1, "ben", null, CancellationToken.None)).Outcome);
        Assert.Equal(ReviewOutcome.NotFound, (await curator.PromoteAsync("../etc", 1, "ben", null, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Should_let_only_one_of_many_concurrent_curators_decline()
    {
        using var data = new TempDir();
        await CatalogueFixtures.StoreAsync(data.Path, "bm-race", "stack", 0.4, tier: 1);
        var curator = new Curator(CatalogueFixtures.Catalogue(data.Path));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => curator.DeclineAsync("bm-race", $"no {i}", $"c{i}", CancellationToken.None))));
        Assert.Single(results, r => r.Outcome == ReviewOutcome.Done);
        Assert.Equal(7, results.Count(r => r.Outcome == ReviewOutcome.Conflict));
        Assert.Single((await CatalogueFixtures.Catalogue(data.Path).FindAsync("bm-race", CancellationToken.None))!.ReviewHistory);
    }

    [Fact]
    public void Should_admit_new_benchmarks_as_staged_unless_auto_promote_is_on()
    {
        var asset = new BenchmarkAsset
        {
            BenchmarkId = "bm-x", SessionId = Guid.NewGuid(), Prompt = "p", Family = "stack", Seed = 0, ScriptUrl = "", ModelUrl = "", PreviewsUrl = "",
            ContactSheetUrl = "", DefinitionUrl = "", ValidationUrl = "", Variants = [], Difficulty = 0.5, DefinitionJson = """{"tier": 3}""",
            ValidationSummary = "", ContentHash = "", GeneratorVersion = "", MujocoVersion = "", CreatedAt = DateTime.UtcNow,
        };
        Assert.Equal(ReviewStates.Staged, Curator.Admit(asset, autoPromote: false, DateTime.UtcNow).ReviewState);
        var auto = Curator.Admit(asset, autoPromote: true, DateTime.UtcNow);
        Assert.Equal((ReviewStates.Promoted, (int?)3), (auto.ReviewState, auto.Tier));
        Assert.Equal(Curator.AutoPromoter, Assert.Single(auto.ReviewHistory).By);
    }

    [Fact]
    public async Task Should_review_from_the_command_line_with_the_same_answers()
    {
        using var data = new TempDir();
        await CatalogueFixtures.StoreAsync(data.Path, "bm-cli", "drawer", 0.7, tier: 2);

        var list = await CliRun.RunAsync("review", "list", "--data-dir", data.Path);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("bm-cli", list.Stdout);
        Assert.DoesNotContain("\nState: Accepted", list.Stdout); // the prompt's newline cannot forge a line

        Assert.Equal(2, (await CliRun.RunAsync("review", "decline", "bm-cli", "--data-dir", data.Path)).ExitCode); // no note
        var promote = await CliRun.RunAsync("review", "promote", "bm-cli", "--tier", "1", "--by", "ana", "--data-dir", data.Path);
        Assert.Equal(0, promote.ExitCode);
        Assert.Contains("promoted into tier 1 by ana", promote.Stdout);
        Assert.Equal(0, (await CliRun.RunAsync("review", "decline", "bm-cli", "--note", "wrong drawer", "--by", "ben", "--data-dir", data.Path)).ExitCode);
        var conflict = await CliRun.RunAsync("review", "promote", "bm-cli", "--data-dir", data.Path);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("stays declined", conflict.Stderr);
        Assert.Equal(1, (await CliRun.RunAsync("review", "show", "bm-missing", "--data-dir", data.Path)).ExitCode);

        var show = await CliRun.RunAsync("review", "show", "bm-cli", "--data-dir", data.Path);
        Assert.Contains("State:      declined", show.Stdout);
        Assert.Contains("ben decline: promoted -> declined — wrong drawer", show.Stdout);
    }
}

public class Exporting_a_dataset
{
    static async Task<string> Seeded(TempDir data)
    {
        await CatalogueFixtures.StoreAsync(data.Path, "bm-1", "stack", 0.15, tier: 1);
        await CatalogueFixtures.StoreAsync(data.Path, "bm-2", "drawer", 0.72, tier: 2, animation: true);
        await CatalogueFixtures.StoreAsync(data.Path, "bm-3", "drawer", 0.55, tier: 2);
        var curator = new Curator(CatalogueFixtures.Catalogue(data.Path), new FixedClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));
        await curator.PromoteAsync("bm-1", null, "ana", "fine", CancellationToken.None);
        await curator.PromoteAsync("bm-2", null, "ana", null, CancellationToken.None);
        return data.Path; // bm-3 stays staged
    }

    static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);

    [Fact]
    public async Task Should_write_promoted_benchmarks_with_a_manifest_and_datasheet_and_round_trip_byte_identically()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        using var outputs = new TempDir();
        await Seeded(first);
        var exportA = Path.Combine(outputs.Path, "a");
        var exportB = Path.Combine(outputs.Path, "b");

        var run = await CliRun.RunAsync("export", "--out", exportA, "--data-dir", first.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("exported 2 benchmarks", run.Stdout);
        var files = Files(exportA);
        Assert.Contains("bm-1/script.py", files.Keys);
        Assert.Contains("bm-2/variants/seed-2.xml", files.Keys);
        Assert.DoesNotContain(files.Keys, k => k.StartsWith("bm-3", StringComparison.Ordinal));
        // The reference solution's animation travels with the benchmark that has one, listed with its hash.
        Assert.Equal(3, Benchgen.Physics.Animation.Inspect(files["bm-2/animation.gif"]).Frames);
        Assert.DoesNotContain("bm-1/animation.gif", files.Keys);
        var manifest = Encoding.UTF8.GetString(files["manifest.jsonl"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, manifest.Length);
        Assert.Contains("{\"path\":\"bm-2/animation.gif\",\"sha256\":\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(files["bm-2/animation.gif"])) + "\"}", manifest[1]);
        Assert.Contains("\"task\":{\"goal\":[{\"predicate\":\"on\"", manifest[0]);
        Assert.Contains("\"state\":\"promoted\",\"tier\":1", manifest[0]);
        var datasheet = Encoding.UTF8.GetString(files["DATASHEET.md"]);
        Assert.Contains("| drawer | 1 |", datasheet);
        Assert.Contains("| stack | 1 |", datasheet);
        Assert.Contains("| 0.7–0.8 | 1 |", datasheet);
        Assert.Equal(420, Benchgen.Physics.Png.Decode(files["difficulty.png"]).Width);

        // Into an empty catalogue, and out again: the same bytes.
        var import = await CliRun.RunAsync("import", exportA, "--data-dir", second.Path);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("imported 2 benchmarks", import.Stdout);
        Assert.Equal(0, (await CliRun.RunAsync("export", "--out", exportB, "--data-dir", second.Path)).ExitCode);
        var again = Files(exportB);
        Assert.Equal(files.Keys.Order(), again.Keys.Order());
        foreach (var (name, bytes) in files) Assert.True(bytes.AsSpan().SequenceEqual(again[name]), $"{name} differs after export → import → export");
        var imported = (await CatalogueFixtures.Catalogue(second.Path).FindAsync("bm-1", CancellationToken.None))!;
        Assert.Equal("ana", Assert.Single(imported.ReviewHistory).By);
        Assert.True(File.Exists(new Uri(imported.ScriptUrl).LocalPath));
        Assert.Null(imported.AnimationUrl);
        var animated = (await CatalogueFixtures.Catalogue(second.Path).FindAsync("bm-2", CancellationToken.None))!;
        Assert.Equal(files["bm-2/animation.gif"], File.ReadAllBytes(new Uri(animated.AnimationUrl!).LocalPath));

        // Importing twice would duplicate: refused, nothing written.
        var twice = await CliRun.RunAsync("import", exportA, "--data-dir", second.Path);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("already in this catalogue", twice.Stderr);
    }

    [Fact]
    public async Task Should_filter_by_tier_family_and_difficulty()
    {
        using var data = new TempDir();
        using var outputs = new TempDir();
        await Seeded(data);
        var drawer = Path.Combine(outputs.Path, "drawer");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--out", drawer, "--state", "staged", "--family", "drawer", "--min-difficulty", "0.5", "--data-dir", data.Path)).ExitCode);
        Assert.Equal(["bm-3"], Directory.GetDirectories(drawer).Select(Path.GetFileName));
        var none = Path.Combine(outputs.Path, "none");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--out", none, "--tier", "3", "--data-dir", data.Path)).ExitCode);
        Assert.Empty(File.ReadAllText(Path.Combine(none, "manifest.jsonl")));
    }

    [Fact]
    public async Task Should_refuse_a_non_empty_folder_or_a_tampered_import_leaving_nothing_half_written()
    {
        using var data = new TempDir();
        using var outputs = new TempDir();
        await Seeded(data);
        var busy = Directory.CreateDirectory(Path.Combine(outputs.Path, "busy")).FullName;
        File.WriteAllText(Path.Combine(busy, "keep.txt"), "mine");
        var refused = await CliRun.RunAsync("export", "--out", busy, "--data-dir", data.Path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not empty", refused.Stderr);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(busy).Select(Path.GetFileName));

        // An artifact missing from the store: the export fails and leaves no folder, not even a temporary one.
        File.Delete(new Uri((await CatalogueFixtures.Catalogue(data.Path).FindAsync("bm-2", CancellationToken.None))!.ValidationUrl).LocalPath);
        var broken = await CliRun.RunAsync("export", "--out", Path.Combine(outputs.Path, "broken"), "--data-dir", data.Path);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("missing", broken.Stderr);
        Assert.Equal(["busy"], Directory.EnumerateFileSystemEntries(outputs.Path).Select(Path.GetFileName));

        // A file changed after export: its hash no longer matches, and nothing is imported.
        using var other = new TempDir();
        await CatalogueFixtures.StoreAsync(other.Path, "bm-9", "stack", 0.3, tier: 1, state: ReviewStates.Promoted);
        var good = Path.Combine(outputs.Path, "good");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--out", good, "--data-dir", other.Path)).ExitCode);
        File.AppendAllText(Path.Combine(good, "bm-9", "model.xml"), "<!-- edited -->");
        using var empty = new TempDir();
        var tampered = await CliRun.RunAsync("import", good, "--data-dir", empty.Path);
        Assert.Equal(2, tampered.ExitCode);
        Assert.Contains("does not match its SHA-256", tampered.Stderr);
        Assert.Empty(await CatalogueFixtures.Catalogue(empty.Path).QueryAsync(new CatalogueQuery(), CancellationToken.None));
    }
}
