namespace Benchgen.Contracts;

/// <summary>The benchmark's artifacts and catalogue record are stored.</summary>
public record AssetPersisted(
    Guid SessionId,
    string BenchmarkId,
    AssetUrls Urls,
    Guid Nonce = default);

/// <summary>
/// Where each stored artifact lives (file:// in embedded mode, s3/http URLs in distributed mode); <paramref name="Animation"/>
/// is animation.gif, null for a benchmark without one.
/// </summary>
public record AssetUrls(
    string Asset,
    string Script,
    string Model,
    IReadOnlyList<string> Variants,
    string Previews,
    string ContactSheet,
    string Definition,
    string Validation,
    string? Animation = null);
