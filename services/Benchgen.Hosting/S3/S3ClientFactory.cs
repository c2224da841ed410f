using Amazon.Runtime;
using Amazon.S3;
using Benchgen.Hosting.Storage;

namespace Benchgen.Hosting.S3;

/// <summary>The one place an S3 client is built from <see cref="S3Options"/>, so every component talks to S3 the same way.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
            throw new InvalidOperationException("S3:ServiceUrl is not set; the S3 client is only built in distributed mode (set S3:ServiceUrl, e.g. http://127.0.0.1:4569).");
        if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var serviceUri) || (serviceUri.Scheme != Uri.UriSchemeHttp && serviceUri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"S3:ServiceUrl '{options.ServiceUrl}' is not an absolute http(s) URL.");
        if (string.IsNullOrWhiteSpace(options.AccessKey) || string.IsNullOrWhiteSpace(options.SecretKey))
            throw new InvalidOperationException("S3:AccessKey and S3:SecretKey must both be set: anonymous S3 access is not supported.");

        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Test servers (s3rver, older MinIO) reject or mangle the SDK's default flexible checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // A dead endpoint should surface quickly instead of after the SDK's long default back-off.
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
