namespace Benchgen.Persistence;

/// <summary>Stores benchmark artifacts by bucket and key (S3 in distributed mode, a directory when embedded).</summary>
public interface IArtifactStore
{
    /// <summary>Writes (or overwrites) the object and returns its URL.</summary>
    Task<string> PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Reads the object back; null when it does not exist.</summary>
    Task<byte[]?> GetAsync(string bucket, string key, CancellationToken cancellationToken);
}
