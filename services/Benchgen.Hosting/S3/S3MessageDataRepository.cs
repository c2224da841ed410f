using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Benchgen.Hosting.Storage;
using MassTransit;

namespace Benchgen.Hosting.S3;

/// <summary>
/// Claim checks in the S3 staging bucket. Addresses look like <c>s3://benchgen-staging/claims/2025/01/31/{NewId}</c>:
/// the host is the bucket and the path the key, so an address names its object without any lookup table.
/// </summary>
public sealed class S3MessageDataRepository(IAmazonS3 client, S3Options options) : IMessageDataRepository
{
    public const string Scheme = "s3";
    public const string ExpiresMetadata = "x-amz-meta-expires-at";

    public async Task<Uri> Put(Stream stream, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var now = DateTime.UtcNow;
        var key = $"claims/{now.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)}/{NewId.NextGuid():N}";

        // Without chunk encoding the SDK needs the length up front, which an arbitrary stream may not know.
        var body = stream;
        if (!stream.CanSeek)
        {
            body = new MemoryStream();
            await stream.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            body.Position = 0;
        }

        var request = new PutObjectRequest
        {
            BucketName = options.StagingBucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = !ReferenceEquals(body, stream),
            ContentType = "application/octet-stream",
            UseChunkEncoding = options.UseChunkEncoding,
        };
        if (timeToLive is { } ttl)
        {
            var expiresAt = now + ttl;
            request.Headers.Expires = expiresAt;
            request.Metadata[ExpiresMetadata] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
        }

        await S3Errors.Guard(options.ServiceUrl, () => client.PutObjectAsync(request, cancellationToken)).ConfigureAwait(false);
        return new Uri($"{Scheme}://{options.StagingBucket}/{key}");
    }

    public async Task<Stream> Get(Uri address, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = Parse(address);
        try
        {
            using var response = await S3Errors.Guard(options.ServiceUrl,
                () => client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken)).ConfigureAwait(false);
            // Buffer so the HTTP response is released now rather than whenever the caller disposes the stream.
            var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            return buffer;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MessageDataNotFoundException(address);
        }
    }

    /// <summary>Splits an <c>s3://bucket/key</c> address.</summary>
    public static (string Bucket, string Key) Parse(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || address.Scheme != Scheme || string.IsNullOrEmpty(address.Host))
            throw new ArgumentException($"Claim-check address {address} is not an s3://bucket/key address written by the S3 message-data repository.", nameof(address));
        var key = Uri.UnescapeDataString(address.AbsolutePath.TrimStart('/'));
        if (key.Length == 0)
            throw new ArgumentException($"Claim-check address {address} has no object key.", nameof(address));
        return (address.Host, key);
    }
}
