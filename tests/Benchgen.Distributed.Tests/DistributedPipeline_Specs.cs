using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Benchgen.Contracts;
using Xunit;

namespace Benchgen.Distributed.Tests;

[Collection(DistributedClusterCollection.Name)]
public sealed class Prompts_submitted_over_the_http_api(DistributedCluster cluster)
{
    const int Variants = 1;
    static readonly TimeSpan TotalWait = TimeSpan.FromMinutes(6);
    static readonly string[] Shapes = ["blocks", "cubes", "cylinders"];
    static readonly string[] Stages = ["submitted", "planning", "coding", "validating", "rendering", "reviewing", "persisting"];
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    static readonly byte[] ZipSignature = "PK\u0003\u0004"u8.ToArray();
    // What s3rver keeps inside objects uploaded with aws-chunked encoding (ARCHITECTURE §4).
    static readonly byte[] ChunkFraming = "chunk-signature="u8.ToArray();

    [SkippableFact]
    public async Task Should_accept_all_twenty_and_store_every_artifact_in_s3()
    {
        cluster.EnsureAvailable();
        var api = new IntakeApi(cluster.Api, cluster.Tails);
        var artifacts = new StoredArtifacts(cluster.S3, cluster.S3ServiceUrl);

        var prompts = Enumerable.Range(0, 20)
            .Select(i => (Prompt: $"A stack of {2 + i % 4} {Shapes[i % 3]}", Seed: i + 1))
            .ToList();
        var submitted = new List<(Guid Id, string Prompt, int Seed)>();
        foreach (var (prompt, seed) in prompts)
        {
            var answer = await api.SubmitAsync(prompt, seed, Variants);
            Assert.Equal($"/api/sessions/{answer.SessionId}", answer.StatusUrl);
            submitted.Add((answer.SessionId, prompt, seed));
        }

        var outcome = await api.WaitForTerminalAsync(submitted.Select(s => s.Id).ToList(), TotalWait);

        var notAccepted = outcome.Values.Where(s => s?.State != "Accepted").ToList();
        Assert.True(notAccepted.Count == 0,
            $"{notAccepted.Count} of {submitted.Count} sessions did not reach Accepted (they ended otherwise, or were still running after {TotalWait.TotalMinutes} min):\n" +
            string.Join("\n", outcome.Where(kv => kv.Value?.State != "Accepted")
                .Select(kv => kv.Value is null ? $"{kv.Key}: unknown to the saga" : IntakeApi.Describe(kv.Value))) +
            "\n" + cluster.Tails());

        foreach (var (id, prompt, seed) in submitted)
        {
            await VerifyAcceptedSessionAsync(api, artifacts, outcome[id]!, prompt, seed);
        }

        // Telemetry: every checkpoint carries the trace of the message that wrote it, and each host's /metrics has
        // MassTransit's consume metrics and its own Benchgen meter.
        Assert.All(outcome.Values, s => Assert.All(s!.Checkpoints, c => Assert.Matches("^[0-9a-f]{32}$", c.TraceId ?? "")));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        foreach (var (host, metric) in new[]
                 {
                     (ServiceHost.PromptIntake, "benchgen_sessions_stage_duration_seconds_bucket"),
                     (ServiceHost.Generation, "benchgen_sandbox_duration_seconds_bucket"),
                     (ServiceHost.Rendering, "benchgen_rendering_views_total"),
                     (ServiceHost.Persistence, "messaging_masstransit_consume"),
                 })
        {
            var text = await http.GetStringAsync(new Uri(cluster.Host(host).BaseAddress, "/metrics"));
            Assert.Contains("messaging_masstransit_consume", text);
            Assert.Contains(metric, text);
        }
    }

    async Task VerifyAcceptedSessionAsync(IntakeApi api, StoredArtifacts artifacts, SessionStatus status, string prompt, int seed)
    {
        var describe = IntakeApi.Describe(status);
        Assert.Equal(prompt, status.Prompt);

        var stages = status.Checkpoints.Select(c => c.Stage).ToList();
        var missing = Stages.Except(stages).ToList();
        Assert.True(missing.Count == 0, $"checkpoint log lacks {string.Join(", ", missing)}: {describe}");
        // Each checkpoint names the stage that ended: the log starts with the submission and ends with persisting, accepted.
        Assert.True(stages[0] == "submitted" && stages[^1] == "persisting" && status.Checkpoints[^1].Outcome == "accepted",
            $"checkpoint log must start with submitted and end with persisting (accepted): {describe}");

        Assert.False(string.IsNullOrEmpty(status.BenchmarkId), $"an accepted session names its benchmark: {describe}");
        var record = await api.FindAssetAsync(status.BenchmarkId!);
        Assert.True(record is not null, $"GET /api/assets/{status.BenchmarkId} found no catalogue record: {describe}");
        Assert.Equal(status.BenchmarkId, record.BenchmarkId);
        Assert.Equal(status.SessionId, record.SessionId);
        Assert.Equal(prompt, record.Prompt);
        Assert.Equal(seed, record.Seed);
        // Generation validates the canonical seed plus the requested number of variant seeds (GenerationOptions).
        var seeds = record.Variants.Select(v => v.Seed).ToList();
        Assert.True(seeds.Count == Variants + 1 && seeds.Contains(seed) && seeds.Distinct().Count() == seeds.Count,
            $"seed {seed} with {Variants} variant(s) should be stored as {Variants + 1} distinct variant seeds including {seed}, got [{string.Join(", ", seeds)}]: {describe}");

        // The session's URLs are the catalogue's: ops following either land on the same objects.
        Assert.NotNull(status.Urls);
        var catalogueUrls = new[] { record.ScriptUrl, record.ModelUrl, record.PreviewsUrl, record.ContactSheetUrl, record.DefinitionUrl, record.ValidationUrl }
            .Concat(record.Variants.Select(v => v.Url)).ToHashSet();
        var sessionUrls = new[] { status.Urls.Asset, status.Urls.Script, status.Urls.Model, status.Urls.Previews, status.Urls.ContactSheet,
            status.Urls.Definition, status.Urls.Validation }.Concat(status.Urls.Variants);
        Assert.All(sessionUrls, url => Assert.Contains(url, catalogueUrls));

        // Every artifact sits under this run's buckets with a key derived from the benchmark id.
        Assert.Equal(cluster.SourceBucket, artifacts.Locate(record.ScriptUrl).Bucket);
        foreach (var url in catalogueUrls)
        {
            var (bucket, key) = artifacts.Locate(url);
            Assert.True(url == record.ScriptUrl || bucket == cluster.AssetsBucket, $"{url} is outside the assets bucket {cluster.AssetsBucket}");
            Assert.StartsWith(record.BenchmarkId + "/", key);
        }

        var script = await ReadStoredAsync(artifacts, record.ScriptUrl);
        Assert.Contains("def build(", Encoding.UTF8.GetString(script));
        var model = await ReadStoredAsync(artifacts, record.ModelUrl);
        Assert.Contains("<mujoco", Encoding.UTF8.GetString(model));
        var previews = await ReadStoredAsync(artifacts, record.PreviewsUrl);
        Assert.True(previews.AsSpan().StartsWith(ZipSignature), $"{record.PreviewsUrl} is not a zip bundle");
        var contactSheet = await ReadStoredAsync(artifacts, record.ContactSheetUrl);
        Assert.True(contactSheet.AsSpan().StartsWith(PngSignature), $"{record.ContactSheetUrl} is not a PNG");
        using (JsonDocument.Parse(await ReadStoredAsync(artifacts, record.DefinitionUrl)))
        using (JsonDocument.Parse(await ReadStoredAsync(artifacts, record.ValidationUrl)))
        {
            // Both parse: benchmark.json and the validation report are stored as JSON.
        }

        // The reference solution's animation: in the assets bucket next to the contact sheet, a GIF of the configured frames.
        Assert.False(string.IsNullOrEmpty(record.AnimationUrl), $"the catalogue record has no animation: {describe}");
        Assert.Equal(record.AnimationUrl, status.Urls.Animation);
        Assert.Equal((cluster.AssetsBucket, $"{record.BenchmarkId}/animation.gif"), artifacts.Locate(record.AnimationUrl!));
        var animation = await ReadStoredAsync(artifacts, record.AnimationUrl!);
        Assert.Equal(new Benchgen.Rendering.RenderingOptions().AnimationFrames, Benchgen.Physics.Animation.Inspect(animation).Frames);

        foreach (var variant in record.Variants)
        {
            var bytes = await ReadStoredAsync(artifacts, variant.Url);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            Assert.True(string.Equals(sha, variant.Sha256, StringComparison.OrdinalIgnoreCase),
                $"variant {variant.VariantId} at {variant.Url}: stored bytes hash to {sha}, the catalogue says {variant.Sha256}");
        }
    }

    static async Task<byte[]> ReadStoredAsync(StoredArtifacts artifacts, string url)
    {
        var bytes = await artifacts.ReadAsync(url);
        Assert.True(bytes.Length > 0, $"{url} is empty");
        Assert.True(bytes.AsSpan().IndexOf(ChunkFraming) < 0, $"{url} contains aws-chunked framing: the upload used chunk encoding");
        return bytes;
    }
}
