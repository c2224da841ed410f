namespace Benchgen.Contracts;

/// <summary>
/// Benchmark ids derive from the session id, so a redelivered PersistAsset overwrites instead of duplicating, and the
/// saga and Persistence can both refuse a benchmark id that is not the session's own.
/// </summary>
public static class BenchmarkIds
{
    public static string For(Guid sessionId) => "bm-" + sessionId.ToString("N");
}
