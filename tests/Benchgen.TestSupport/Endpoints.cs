using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.MongoDb;
using Testcontainers.RabbitMq;

namespace Benchgen.TestSupport;

/// <summary>RabbitMQ: <c>BENCHGEN_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:5672/</c>.</summary>
public sealed class RabbitMqEndpoint : ExternalEndpoint
{
    public const string Variable = "BENCHGEN_TEST_RABBITMQ";
    public const string Image = "rabbitmq:3.13.7";

    protected override string EnvironmentVariable => Variable;
    protected override string Description => "RabbitMQ";

    /// <summary>The broker URI (amqp://user:pass@host:port/vhost) of an administrator (guest on the test broker).</summary>
    public Uri Uri => new(Endpoint ?? throw new InvalidOperationException(SkipReason ?? "RabbitMQ endpoint not initialised"));

    /// <summary>The least-privilege roles <c>scripts/rabbitmq-users.sh</c> creates (one user per service, plus producers).</summary>
    public static readonly IReadOnlyList<string> Roles = ["intake", "generation", "rendering", "persistence", "producer"];

    /// <summary>
    /// The URI of a least-privilege user (<c>BENCHGEN_TEST_RABBITMQ_INTAKE</c>, <c>…_GENERATION</c>, <c>…_RENDERING</c>,
    /// <c>…_PERSISTENCE</c>, <c>…_PRODUCER</c>, written by tests/infra/start.sh); null when the broker has no such users.
    /// </summary>
    public static Uri? RoleUri(string role) =>
        Environment.GetEnvironmentVariable($"{Variable}_{role.ToUpperInvariant()}") is { Length: > 0 } uri ? new Uri(uri.Trim()) : null;

    /// <summary>True when every role has a URI, i.e. the broker was set up with per-service users.</summary>
    public static bool HasRoleUsers => Roles.All(r => RoleUri(r) is not null);

    protected override IContainer BuildContainer() =>
        new RabbitMqBuilder(Image).WithUsername("guest").WithPassword("guest").Build();

    protected override string EndpointFromContainer(IContainer container) => ((RabbitMqContainer)container).GetConnectionString();
}

/// <summary>MongoDB: <c>BENCHGEN_TEST_MONGO=mongodb://127.0.0.1:27017</c> (any MongoDB URI; no replica set needed).</summary>
public sealed class MongoEndpoint : ExternalEndpoint
{
    public const string Variable = "BENCHGEN_TEST_MONGO";
    public const string Image = "mongo:7.0.14";

    protected override string EnvironmentVariable => Variable;
    protected override string Description => "MongoDB";

    public string ConnectionString => Endpoint ?? throw new InvalidOperationException(SkipReason ?? "MongoDB endpoint not initialised");

    /// <summary>A database name unique to one test, so tests never see each other's documents.</summary>
    public static string UniqueDatabaseName(string prefix = "benchgen_test") => $"{prefix}_{Guid.NewGuid():N}";

    protected override IContainer BuildContainer() => new MongoDbBuilder(Image).Build();

    protected override string EndpointFromContainer(IContainer container) => ((MongoDbContainer)container).GetConnectionString();
}

/// <summary>
/// S3 protocol: <c>BENCHGEN_TEST_S3=http://127.0.0.1:PORT</c>, credentials from <c>BENCHGEN_TEST_S3_ACCESS_KEY</c> /
/// <c>BENCHGEN_TEST_S3_SECRET_KEY</c> (default S3RVER/S3RVER, s3rver's own pair). Containers run MinIO.
/// </summary>
public sealed class S3Endpoint : ExternalEndpoint
{
    public const string Variable = "BENCHGEN_TEST_S3";
    public const string Image = "minio/minio:RELEASE.2024-10-13T13-34-11Z";
    const string MinioUser = "benchgen";
    const string MinioPassword = "benchgen-secret";

    protected override string EnvironmentVariable => Variable;
    protected override string Description => "S3";

    public string ServiceUrl => Endpoint ?? throw new InvalidOperationException(SkipReason ?? "S3 endpoint not initialised");

    public string AccessKey { get; private set; } =
        Environment.GetEnvironmentVariable("BENCHGEN_TEST_S3_ACCESS_KEY") is { Length: > 0 } key ? key : "S3RVER";

    public string SecretKey { get; private set; } =
        Environment.GetEnvironmentVariable("BENCHGEN_TEST_S3_SECRET_KEY") is { Length: > 0 } secret ? secret : "S3RVER";

    protected override IContainer BuildContainer() =>
        new ContainerBuilder(Image)
            .WithCommand("server", "/data")
            .WithEnvironment("MINIO_ROOT_USER", MinioUser)
            .WithEnvironment("MINIO_ROOT_PASSWORD", MinioPassword)
            .WithPortBinding(9000, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(9000).ForPath("/minio/health/live")))
            .Build();

    protected override string EndpointFromContainer(IContainer container)
    {
        AccessKey = MinioUser;
        SecretKey = MinioPassword;
        return $"http://{container.Hostname}:{container.GetMappedPublicPort(9000)}";
    }
}
