using Benchgen.Contracts;
using Benchgen.Hosting.Faults;
using Benchgen.Hosting.S3;
using Benchgen.Hosting.Storage;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Benchgen.Hosting.Messaging;

/// <summary>
/// One bus set-up for every process. The transport is chosen by <c>ConnectionStrings:RabbitMq</c> alone
/// (RabbitMQ when set, in-memory otherwise); the pipeline code never knows which one it runs on.
/// </summary>
public static class BenchgenMessaging
{
    public const string RabbitMqConnectionName = "RabbitMq";

    static BenchgenMessaging()
    {
        // The CorrelationId header carries the session id, so the saga endpoint can partition by it.
        MessageCorrelation.UseCorrelationId<SubmitPrompt>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<GenerateScenario>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<GenerationProgressed>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<ScenarioGenerated>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<GenerationFailed>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<RenderScenario>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<ScenarioRendered>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<RenderingFailed>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<ReviewScenario>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<ScenarioReviewed>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<PersistAsset>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<AssetPersisted>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<PersistenceFailed>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<GenerationSessionCompleted>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<GenerationSessionFailed>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<SessionTimedOut>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<StageStarted>(x => x.SessionId);
        MessageCorrelation.UseCorrelationId<SessionMessageFaulted>(x => x.SessionId);
    }

    public static bool UsesRabbitMq(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(RabbitMqConnectionName));

    /// <summary>
    /// Registers MassTransit with the transport from configuration, kebab-case endpoints, message retry and the
    /// in-memory outbox on every receive endpoint, and the claim-check repository. <paramref name="configureBus"/>
    /// adds the consumers/sagas of the services this process hosts. <paramref name="claimChecks"/> false: a bus client
    /// (the CLI in remote mode) that never reads or writes claim checks, so it needs no signing key.
    /// </summary>
    public static IServiceCollection AddBenchgenMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator> configureBus,
        bool claimChecks = true)
    {
        services.AddBenchgenStorageOptions(configuration);
        services.AddClaimCheckStore(configuration);
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section));
        var transientIntervals = (configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions())
            .TransientRetryIntervals().ToArray();
        if (claimChecks)
        {
            // Fail at start-up, not at the first message, when the deployment's claim-check key is missing.
            services.AddHostedService<ClaimCheckStartupCheck>();
        }

        var rabbitUri = configuration.GetConnectionString(RabbitMqConnectionName);
        if (!string.IsNullOrWhiteSpace(rabbitUri))
        {
            services.AddOptions<RabbitMqTransportOptions>().Configure(options => ApplyAmqpUri(options, rabbitUri));
        }

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                // Outer: transient faults (S3, broker or MongoDB unreachable) are retried with a doubling wait over
                // minutes, so an outage of a dependency does not fail the sessions waiting on it.
                if (transientIntervals.Length > 0)
                {
                    endpoint.UseMessageRetry(r =>
                    {
                        r.Handle<Exception>(TransientFaults.IsTransient);
                        r.Intervals(transientIntervals);
                    });
                }

                // Inner: everything else (a concurrency conflict, a bug) gets a few quick retries.
                endpoint.UseMessageRetry(r =>
                {
                    // A refused claim address or a missing claim stays so: fail at once instead of five more times.
                    r.Ignore<ClaimCheckRefusedException>();
                    r.Ignore<ClaimCheckNotFoundException>();
                    // Work the host stopped on purpose is not retried either.
                    r.Ignore<WorkStoppedException>();
                    r.Ignore<Exception>(TransientFaults.IsTransient);
                    r.Intervals(100, 250, 500, 1000, 2000);
                });
                endpoint.UseInMemoryOutbox(context);
                // The default error pipe (fault event, then the _error queue), with the session told first.
                endpoint.ConfigureError(error =>
                {
                    error.UseFilter(new SessionFaultNotifier(context));
                    error.UseFilter(new GenerateFaultFilter());
                    error.UseFilter(new ErrorTransportFilter());
                });
            });

            configureBus(x);

            if (!string.IsNullOrWhiteSpace(rabbitUri))
            {
                x.UsingRabbitMq((context, cfg) => cfg.ConfigureEndpoints(context));
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });

        return services;
    }

    public static IServiceCollection AddBenchgenStorageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.Section));
        return services;
    }

    /// <summary>
    /// The confined claim-check store (<see cref="IClaimCheckStore"/>): the S3 staging bucket when <c>S3:ServiceUrl</c> is
    /// set, else files under <c>{DataDir}/staging</c>. Addresses are signed with <c>ClaimChecks:SigningKey</c>; without one a
    /// process on the in-memory bus uses a random key of its own, and a process on RabbitMQ cannot resolve the store
    /// (its services would sign addresses no other service can check).
    /// </summary>
    public static IServiceCollection AddClaimCheckStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClaimCheckOptions>().Bind(configuration.GetSection(ClaimCheckOptions.Section));
        var s3 = configuration.GetSection(S3Options.Section).Get<S3Options>() ?? new S3Options();
        if (s3.Enabled)
        {
            services.AddBenchgenS3();
            services.TryAddSingleton<IClaimCheckBackend>(sp =>
                new S3ClaimCheckBackend(sp.GetRequiredService<Amazon.S3.IAmazonS3>(), sp.GetRequiredService<IOptions<S3Options>>().Value));
        }
        else
        {
            // Embedded: claim checks are files under the data directory, so thousands of batch sessions don't sit in memory.
            var dataDir = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.DataDir ?? new StorageOptions().DataDir;
            services.TryAddSingleton<IClaimCheckBackend>(_ => new DirectoryClaimCheckBackend(Path.Combine(Path.GetFullPath(dataDir), "staging")));
        }

        var distributed = UsesRabbitMq(configuration);
        services.TryAddSingleton<IClaimCheckStore>(sp =>
        {
            var key = sp.GetRequiredService<IOptions<ClaimCheckOptions>>().Value.SigningKey;
            if (string.IsNullOrWhiteSpace(key))
            {
                if (distributed)
                    throw new InvalidOperationException(
                        "ClaimChecks:SigningKey is not set. In distributed mode every Benchgen service must share one secret of at least " +
                        $"{ClaimCheckOptions.MinimumKeyLength} characters (environment variable ClaimChecks__SigningKey) to sign and check claim-check addresses.");
                return new ClaimCheckStore(sp.GetRequiredService<IClaimCheckBackend>(), ClaimCheckStore.RandomKey());
            }

            return new ClaimCheckStore(sp.GetRequiredService<IClaimCheckBackend>(), ClaimCheckStore.KeyFromSetting(key));
        });
        return services;
    }

    /// <summary>Maps <c>amqp://user:pass@host:port/vhost</c> onto MassTransit's own transport options.</summary>
    public static void ApplyAmqpUri(RabbitMqTransportOptions options, string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != "amqp" && parsed.Scheme != "amqps"))
        {
            throw new InvalidOperationException($"ConnectionStrings:RabbitMq must be an amqp:// URI, got '{uri}'.");
        }

        options.Host = parsed.Host;
        options.Port = (ushort)(parsed.IsDefaultPort || parsed.Port <= 0 ? (parsed.Scheme == "amqps" ? 5671 : 5672) : parsed.Port);
        options.UseSsl = parsed.Scheme == "amqps";
        var vhost = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        options.VHost = string.IsNullOrEmpty(vhost) ? "/" : vhost;
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            var parts = parsed.UserInfo.Split(':', 2);
            options.User = Uri.UnescapeDataString(parts[0]);
            options.Pass = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }
    }
}

/// <summary>Resolves the claim-check store when the host starts, so a missing or short signing key stops it at once.</summary>
public sealed class ClaimCheckStartupCheck(IServiceProvider services) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<IClaimCheckStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
