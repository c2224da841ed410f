namespace Benchgen.Hosting.Storage;

/// <summary>Embedded-mode storage (<c>Storage:DataDir</c>): artifacts, catalogue and claim checks under one directory.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public string DataDir { get; set; } = ".benchgen";
}

/// <summary>
/// S3 settings (<c>S3:*</c>). When <see cref="ServiceUrl"/> is set, artifacts and claim checks go to S3;
/// the bucket names also name the top-level folders of the embedded directory store, so both layouts match.
/// </summary>
public sealed class S3Options
{
    public const string Section = "S3";
    public string? ServiceUrl { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string Region { get; set; } = "us-east-1";
    public bool ForcePathStyle { get; set; } = true;
    /// <summary>aws-chunked uploads; off by default because s3rver stores the chunk framing inside the object.</summary>
    public bool UseChunkEncoding { get; set; }
    public string SourceBucket { get; set; } = "benchmarks-source";
    public string AssetsBucket { get; set; } = "benchmarks-assets";
    public string StagingBucket { get; set; } = "benchgen-staging";
    /// <summary>When &gt; 0, asset URLs are presigned GET URLs valid this long; otherwise plain path-style URLs.</summary>
    public int PresignMinutes { get; set; }
    /// <summary>Claim checks (staging bucket or embedded <c>staging/</c>) older than this are deleted by the staging sweep; 0 keeps them.</summary>
    public int StagingExpiryHours { get; set; } = 24;

    /// <summary>How often the staging sweep runs.</summary>
    public int StagingSweepMinutes { get; set; } = 60;

    /// <summary>How long a service that writes S3 waits for it at start-up (retrying) before giving up.</summary>
    public int StartupWaitSeconds { get; set; } = 300;

    /// <summary>The longest wait between two start-up attempts (the wait doubles from 1 s).</summary>
    public int StartupRetryMaxSeconds { get; set; } = 15;

    public bool Enabled => !string.IsNullOrWhiteSpace(ServiceUrl);
}
