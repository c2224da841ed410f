using System.Collections.Concurrent;
using System.Reflection;
using Amazon.Runtime;
using Amazon.S3;
using Benchgen.TestSupport;
using Xunit;

namespace Benchgen.Distributed.Tests;

/// <summary>The four Benchgen service hosts.</summary>
public enum ServiceHost
{
    PromptIntake,
    Generation,
    Rendering,
    Persistence,
}

/// <summary>
/// Benchgen in distributed mode: the four service hosts as separate OS processes over a real RabbitMQ broker and S3
/// server (<c>BENCHGEN_TEST_RABBITMQ</c> / <c>BENCHGEN_TEST_S3</c>, else Testcontainers, else skipped). Each run gets
/// its own buckets and data directory so runs never see each other's objects. The saga and the catalogue are the
/// embedded ones (no MongoDB), so PromptIntake and Persistence share the data directory the file catalogue lives in.
/// </summary>
public sealed class DistributedCluster : IAsyncLifetime
{
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    readonly RabbitMqEndpoint rabbit = new();
    readonly S3Endpoint s3 = new();
    readonly ConcurrentDictionary<ServiceHost, ServiceHostProcess> running = new();
    readonly List<ServiceHostProcess> all = [];
    readonly string runId = Guid.NewGuid().ToString("N")[..10];
    readonly string runDirectory;
    Exception? startupFailure;
    int generation;

    public DistributedCluster()
    {
        runDirectory = Path.Combine(Path.GetTempPath(), $"benchgen-distributed-{runId}");
        SourceBucket = $"bgt-{runId}-source";
        AssetsBucket = $"bgt-{runId}-assets";
        StagingBucket = $"bgt-{runId}-staging";
        // Last line of defence when the test host shuts down without disposing fixtures.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public string? SkipReason { get; private set; }

    public string SourceBucket { get; }
    public string AssetsBucket { get; }
    public string StagingBucket { get; }

    /// <summary>The administrator's URI (guest on the test broker): for tests that inspect or attack below MassTransit.</summary>
    public Uri RabbitMqUri => rabbit.Uri;

    /// <summary>What a prompt producer (the CLI in remote mode) connects with: the producer user when the broker has one.</summary>
    public Uri ProducerUri => RabbitMqEndpoint.RoleUri("producer") ?? rabbit.Uri;

    /// <summary>True when each host runs as its own least-privilege RabbitMQ user (tests/infra/start.sh creates them).</summary>
    public bool RunsWithServiceUsers => RabbitMqEndpoint.HasRoleUsers;

    /// <summary>The deployment's claim-check signing key, shared by the four hosts.</summary>
    public string ClaimCheckKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public string S3ServiceUrl => s3.ServiceUrl;

    public HttpClient Api { get; private set; } = null!;
    public IAmazonS3 S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(rabbit.InitializeAsync(), s3.InitializeAsync());
        SkipReason = rabbit.SkipReason ?? s3.SkipReason;
        if (SkipReason is not null)
        {
            return;
        }

        try
        {
            S3 = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
            {
                ServiceURL = s3.ServiceUrl,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });

            var hosts = Enum.GetValues<ServiceHost>().Select(Launch).ToList();
            await Task.WhenAll(hosts.Select(h => h.WaitUntilReadyAsync(ReadyTimeout)));
            Api = new HttpClient { BaseAddress = running[ServiceHost.PromptIntake].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }
        catch (Exception ex)
        {
            // Kept for the tests to report: a cluster that does not start is a failure, not a skip.
            startupFailure = ex;
        }
    }

    /// <summary>Skips when the infrastructure is absent; fails with the hosts' output when the cluster did not start.</summary>
    public void EnsureAvailable()
    {
        Skip.If(SkipReason is not null, SkipReason);
        if (startupFailure is not null)
        {
            throw new InvalidOperationException($"The distributed cluster did not start: {startupFailure.Message}\n{Tails()}", startupFailure);
        }
    }

    public ServiceHostProcess Host(ServiceHost host) =>
        running.TryGetValue(host, out var process) ? process : throw new InvalidOperationException($"{host} is not running.");

    public bool IsRunning(ServiceHost host) => running.TryGetValue(host, out var process) && !process.HasExited;

    /// <summary>Kills a host the hard way (SIGKILL to its process tree), as a crash would.</summary>
    public void Kill(ServiceHost host)
    {
        if (running.TryRemove(host, out var process))
        {
            process.Kill();
        }
    }

    /// <summary>Starts a fresh process for a host that is not running and waits until its bus is ready.</summary>
    public async Task StartAsync(ServiceHost host)
    {
        if (IsRunning(host))
        {
            return;
        }

        Kill(host);
        await Launch(host).WaitUntilReadyAsync(ReadyTimeout);
    }

    /// <summary>Every host's recent output, for assertion messages.</summary>
    public string Tails()
    {
        lock (all)
        {
            return string.Join("\n", all.Select(h => h.Tail()));
        }
    }

    public async Task DisposeAsync()
    {
        KillAll();
        lock (all)
        {
            foreach (var host in all)
            {
                host.Dispose();
            }
        }

        Api?.Dispose();
        S3?.Dispose();
        await Task.WhenAll(rabbit.DisposeAsync(), s3.DisposeAsync());
        if (Environment.GetEnvironmentVariable("BENCHGEN_TEST_KEEP_LOGS") != "1")
        {
            try
            {
                Directory.Delete(runDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A host's file handle may linger for a moment; the directory is under the temp dir anyway.
            }
        }
    }

    ServiceHostProcess Launch(ServiceHost host)
    {
        var name = $"Benchgen.{host}.Host";
        var number = Interlocked.Increment(ref generation);
        var process = ServiceHostProcess.Start($"{host}#{number}", HostAssembly(name),
            Path.Combine(runDirectory, "logs", $"{number:00}-{host}.log"), HostEnvironment(host));
        lock (all)
        {
            all.Add(process);
        }

        running[host] = process;
        return process;
    }

    static string Role(ServiceHost host) => host switch
    {
        ServiceHost.PromptIntake => "intake",
        ServiceHost.Generation => "generation",
        ServiceHost.Rendering => "rendering",
        _ => "persistence",
    };

    Dictionary<string, string> HostEnvironment(ServiceHost host) => new()
    {
        // Each host as its own least-privilege user when the broker has them (the real flow must need no more).
        ["ConnectionStrings__RabbitMq"] = (RabbitMqEndpoint.RoleUri(Role(host)) ?? rabbit.Uri).ToString(),
        ["ClaimChecks__SigningKey"] = ClaimCheckKey,
        // Empty selects the in-memory saga and the file catalogue even when a developer's shell sets MongoDB.
        ["ConnectionStrings__Mongo"] = "",
        ["S3__ServiceUrl"] = s3.ServiceUrl,
        ["S3__AccessKey"] = s3.AccessKey,
        ["S3__SecretKey"] = s3.SecretKey,
        ["S3__ForcePathStyle"] = "true",
        ["S3__UseChunkEncoding"] = "false",
        ["S3__SourceBucket"] = SourceBucket,
        ["S3__AssetsBucket"] = AssetsBucket,
        ["S3__StagingBucket"] = StagingBucket,
        ["Storage__DataDir"] = Path.Combine(runDirectory, "data"),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    void KillAll()
    {
        lock (all)
        {
            foreach (var host in all)
            {
                host.Kill();
            }
        }

        running.Clear();
    }

    static string HostAssembly(string projectName)
    {
        var metadata = typeof(DistributedCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value ?? "");
        return Path.Combine(metadata["BenchgenRepoRoot"], "services", projectName, "bin", metadata["BenchgenConfiguration"],
            metadata["BenchgenTargetFramework"], projectName + ".dll");
    }
}

[CollectionDefinition(Name)]
public sealed class DistributedClusterCollection : ICollectionFixture<DistributedCluster>
{
    // One cluster for the whole project: starting four hosts costs far more than any single test, and the tests
    // must not run in parallel anyway (one kills and restarts the Rendering host).
    public const string Name = "distributed cluster";
}
