using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;

namespace Benchgen.Persistence.S3;

/// <summary>Benchmark artifacts in S3. URLs are path style (<c>{ServiceUrl}/{bucket}/{key}</c>) or presigned GETs.</summary>
public sealed class S3ArtifactStore(IAmazonS3 client, S3Options options) : IArtifactStore
{
    public async Task<string> PutAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            // s3rver stores aws-chunked framing inside the object, so this stays off unless configured.
            UseChunkEncoding = options.UseChunkEncoding,
        };
        await S3Errors.Guard(options.ServiceUrl, () => client.PutObjectAsync(request, cancellationToken)).ConfigureAwait(false);
        return await UrlForAsync(bucket, key).ConfigureAwait(false);
    }

    public async Task<byte[]?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await S3Errors.Guard(options.ServiceUrl,
                () => client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken)).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<string> UrlForAsync(string bucket, string key)
    {
        if (options.PresignMinutes > 0)
        {
            return await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = bucket,
                Key = key,
                Verb = HttpVerb.GET,
                Expires = DateTime.UtcNow.AddMinutes(options.PresignMinutes),
                Protocol = options.ServiceUrl!.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTPS : Protocol.HTTP,
            }).ConfigureAwait(false);
        }
        return PathStyleUrl(options.ServiceUrl!, bucket, key);
    }

    public static string PathStyleUrl(string serviceUrl, string bucket, string key) =>
        $"{serviceUrl.TrimEnd('/')}/{bucket}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";
}
