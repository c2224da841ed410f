using Benchgen.Hosting.Storage;
using Microsoft.Extensions.Options;

namespace Benchgen.Persistence.Embedded;

/// <summary>
/// Embedded-mode artifact store: <c>{DataDir}/buckets/{bucket}/{key}</c>, the same bucket/key layout as S3, with
/// <c>file://</c> URLs. Writes go to a temporary file first and are renamed, so a reader never sees half an artifact.
/// </summary>
public sealed class DirectoryArtifactStore(IOptions<StorageOptions> options) : IArtifactStore
{
    readonly string root = Path.Combine(Path.GetFullPath(options.Value.DataDir), "buckets");

    public async Task<string> PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathFor(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        return new Uri(path).AbsoluteUri;
    }

    public async Task<byte[]?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = PathFor(bucket, key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    string PathFor(string bucket, string key)
    {
        ArtifactKeys.EnsureSafe(bucket, key);
        var path = Path.GetFullPath(Path.Combine(root, bucket, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Artifact key '{bucket}/{key}' escapes the data directory.");
        }

        return path;
    }
}
