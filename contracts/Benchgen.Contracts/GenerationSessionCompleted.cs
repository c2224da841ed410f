namespace Benchgen.Contracts;

/// <summary>Published when a session ends Accepted.</summary>
public record GenerationSessionCompleted(
    Guid SessionId,
    Guid? BatchId,
    string BenchmarkId,
    AssetUrls Urls,
    DateTime FinishedAt);
