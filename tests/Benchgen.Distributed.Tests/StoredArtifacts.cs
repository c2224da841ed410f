using Amazon.S3;
using Amazon.S3.Model;

namespace Benchgen.Distributed.Tests;

/// <summary>Reads stored artifacts back from S3 by their catalogue URLs (path style: <c>{ServiceUrl}/{bucket}/{key}</c>).</summary>
public sealed class StoredArtifacts(IAmazonS3 s3, string serviceUrl)
{
    public (string Bucket, string Key) Locate(string url)
    {
        var prefix = serviceUrl.TrimEnd('/') + "/";
        if (!url.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Artifact URL {url} is not a path-style URL under the S3 endpoint {serviceUrl}.");
        }

        var path = new Uri(url).AbsolutePath[(new Uri(prefix).AbsolutePath.Length)..];
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new InvalidOperationException($"Artifact URL {url} does not name a bucket and a key.");
        }

        return (path[..slash], Uri.UnescapeDataString(path[(slash + 1)..]));
    }

    public async Task<byte[]> ReadAsync(string url, CancellationToken ct = default)
    {
        var (bucket, key) = Locate(url);
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception ex)
        {
            throw new InvalidOperationException($"Artifact {url} could not be read from S3 (bucket {bucket}, key {key}): {ex.StatusCode} {ex.ErrorCode} {ex.Message}", ex);
        }
    }
}
