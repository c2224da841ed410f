using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Benchgen.Hosting.Storage;

namespace Benchgen.Hosting.S3;

/// <summary>Creates the source, assets and staging buckets when missing. Safe to call at every start-up.</summary>
public sealed class S3BucketInitializer(IAmazonS3 client, S3Options options)
{
    public IReadOnlyList<string> Buckets => [options.SourceBucket, options.AssetsBucket, options.StagingBucket];

    /// <summary>Returns the buckets it had to create.</summary>
    public Task<IReadOnlyList<string>> EnsureBucketsAsync(CancellationToken cancellationToken = default) =>
        EnsureBucketsAsync(Buckets, cancellationToken);

    /// <summary>Creates those of <paramref name="buckets"/> that are missing; returns the ones it created.</summary>
    public async Task<IReadOnlyList<string>> EnsureBucketsAsync(IEnumerable<string> buckets, CancellationToken cancellationToken = default)
    {
        var created = new List<string>();
        foreach (var bucket in buckets.Distinct(StringComparer.Ordinal))
        {
            if (await S3Errors.Guard(options.ServiceUrl, () => ExistsAsync(bucket, cancellationToken)).ConfigureAwait(false))
                continue;
            try
            {
                await S3Errors.Guard(options.ServiceUrl, () => client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken)).ConfigureAwait(false);
                created.Add(bucket);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Conflict)
            {
                // Another service instance created it between our check and our put.
            }
        }
        return created;
    }

    async Task<bool> ExistsAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode == "NoSuchBucket")
        {
            return false;
        }
    }
}
