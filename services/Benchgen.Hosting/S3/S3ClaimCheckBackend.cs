using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Storage;

namespace Benchgen.Hosting.S3;

/// <summary>
/// Claim checks in the S3 staging bucket. Addresses look like <c>s3://benchgen-staging/sessions/{sid}/{id}.{mac}</c>.
/// Only the configured staging bucket is ever read or written: the bucket of an address is compared with it and then
/// ignored, and the key is taken from the address's original text (no URI normalisation of <c>..</c> first).
/// </summary>
public sealed class S3ClaimCheckBackend(IAmazonS3 client, S3Options options) : IClaimCheckBackend, IExpiringClaimCheckBackend
{
    public const string Scheme = "s3";
    public const string ExpiresMetadata = "x-amz-meta-expires-at";

    public string Bucket => options.StagingBucket;

    public Uri AddressOf(string key) => new($"{Scheme}://{options.StagingBucket}/{key}");

    public string? KeyOf(Uri address, out string? key)
    {
        key = null;
        var text = address.OriginalString;
        var prefix = Scheme + "://";
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return $"scheme '{(colon > 0 ? text[..Math.Min(colon, 40)] : "(none)")}' is not this deployment's claim-check scheme (s3://{options.StagingBucket}/…)";
        }

        var rest = text[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (!string.Equals(bucket, options.StagingBucket, StringComparison.Ordinal))
            return $"bucket '{(bucket.Length > 63 ? bucket[..63] + "…" : bucket)}' is not the staging bucket '{options.StagingBucket}'";
        var path = slash < 0 ? "" : rest[(slash + 1)..];
        if (path.IndexOfAny(['\\', '%', '?', '#', '\0']) >= 0)
            return "it contains '\\', '%', '?', '#' or NUL, which no claim key has";
        var segments = path.Split('/');
        if (segments.Any(s => s is ".." or "."))
            return "'..' and '.' segments are refused";
        if (path.Length == 0 || segments.Any(s => s.Length == 0))
            return "it has no key or an empty segment";
        key = path;
        return null;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var expiresAt = DateTime.UtcNow + timeToLive;
        var request = new PutObjectRequest
        {
            BucketName = options.StagingBucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = "application/octet-stream",
            UseChunkEncoding = options.UseChunkEncoding,
        };
        request.Headers.Expires = expiresAt;
        request.Metadata[ExpiresMetadata] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
        await S3Errors.Guard(options.ServiceUrl, () => client.PutObjectAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Deletes objects under <c>sessions/</c> of the staging bucket last modified before <paramref name="cutoff"/>.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        string? continuation = null;
        do
        {
            var page = await S3Errors.Guard(options.ServiceUrl, () => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = options.StagingBucket,
                Prefix = "sessions/",
                ContinuationToken = continuation,
            }, cancellationToken)).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.LastModified is { } modified && modified.ToUniversalTime() < cutoff.UtcDateTime)
                {
                    await S3Errors.Guard(options.ServiceUrl, () => client.DeleteObjectAsync(options.StagingBucket, item.Key, cancellationToken)).ConfigureAwait(false);
                    deleted++;
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
        return deleted;
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await S3Errors.Guard(options.ServiceUrl,
                () => client.GetObjectAsync(new GetObjectRequest { BucketName = options.StagingBucket, Key = key }, cancellationToken)).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
