using Benchgen.Hosting.Storage;
using Benchgen.Persistence.S3;
using Microsoft.Extensions.Options;

namespace Benchgen.Persistence;

/// <summary>
/// Where this deployment's artifact store puts an object, so a reader of <c>AssetPersisted</c> (the saga) can refuse
/// URLs that point anywhere else: <c>{S3:ServiceUrl}/{bucket}/{key}</c> (path style, or a presigned GET of it when
/// <c>S3:PresignMinutes</c> &gt; 0), or <c>file://{DataDir}/buckets/{bucket}/{key}</c> in embedded mode.
/// </summary>
public sealed class ArtifactLocations(IOptions<StorageOptions> storage, IOptions<S3Options> s3)
{
    /// <summary>Why <paramref name="url"/> is not where the store puts <paramref name="bucket"/>/<paramref name="key"/>; null when it is.</summary>
    public string? Problem(string? url, string bucket, string key)
    {
        if (string.IsNullOrEmpty(url))
            return $"no URL for {bucket}/{key}";
        var shown = url.Length > 200 ? url[..200] + "…" : url;
        var options = s3.Value;
        string expected;
        if (options.Enabled)
        {
            expected = S3ArtifactStore.PathStyleUrl(options.ServiceUrl!, bucket, key);
            if (options.PresignMinutes > 0)
            {
                // Presigned: the same object with a signature query (path style, or virtual-hosted when path style is off).
                if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0 ||
                    url.Contains("..", StringComparison.Ordinal) || !parsed.Query.Contains("X-Amz-Signature=", StringComparison.Ordinal))
                    return $"'{shown}' is not a presigned URL of {expected}";
                var left = parsed.GetLeftPart(UriPartial.Path);
                var service = new Uri(options.ServiceUrl!);
                var virtualHosted = $"{service.Scheme}://{bucket}.{service.Authority}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";
                return left == expected || (!options.ForcePathStyle && left == virtualHosted)
                    ? null
                    : $"'{shown}' is not this deployment's artifact location {expected}";
            }
        }
        else
        {
            var root = Path.Combine(Path.GetFullPath(storage.Value.DataDir), "buckets");
            expected = new Uri(Path.Combine(root, bucket, key)).AbsoluteUri;
        }

        return string.Equals(url, expected, StringComparison.Ordinal)
            ? null
            : $"'{shown}' is not this deployment's artifact location {expected}";
    }
}
