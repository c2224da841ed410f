namespace Benchgen.Persistence;

/// <summary>The storage layout of ARCHITECTURE §4: every key derives from the benchmark id, so redelivery overwrites.</summary>
public static class ArtifactKeys
{
    public static string Script(string benchmarkId) => $"{benchmarkId}/script.py";
    public static string Model(string benchmarkId) => $"{benchmarkId}/model.xml";
    public static string Variant(string benchmarkId, int seed) => $"{benchmarkId}/variants/seed-{seed}.xml";
    public static string Previews(string benchmarkId) => $"{benchmarkId}/previews.zip";
    public static string ContactSheet(string benchmarkId) => $"{benchmarkId}/contact-sheet.png";
    public static string Definition(string benchmarkId) => $"{benchmarkId}/benchmark.json";
    public static string Validation(string benchmarkId) => $"{benchmarkId}/validation.json";
    /// <summary>The reference solution's animation (a GIF of the canonical seed), next to the contact sheet.</summary>
    public static string Animation(string benchmarkId) => $"{benchmarkId}/animation.gif";

    public static void EnsureSafe(string bucket, string key)
    {
        if (string.IsNullOrWhiteSpace(bucket) || bucket.Contains('/') || bucket.Contains(".."))
        {
            throw new ArgumentException($"Invalid bucket name '{bucket}'.");
        }

        if (string.IsNullOrWhiteSpace(key) || key.StartsWith('/') || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"Invalid artifact key '{key}'.");
        }
    }
}
