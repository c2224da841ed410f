using Benchgen.Generation;
using Benchgen.Hosting.Messaging;
using Benchgen.Persistence;
using Benchgen.PromptIntake;
using Benchgen.Rendering;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Benchgen.Cli;

/// <summary>
/// The CLI's process. Embedded (no broker configured): all four services and the saga in one process on the
/// in-memory bus. Remote (<c>--broker</c> or <c>ConnectionStrings:RabbitMq</c>): a client on the real bus that only
/// publishes prompts and listens for session outcomes.
/// </summary>
public static class PipelineHost
{
    /// <summary>How long stopping the pipeline may take before the CLI exits anyway.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long running work may go on once the pipeline stops, before its cancellation token fires.</summary>
    public static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(1);

    public static IHost Build(CliSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(Overrides(settings));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning);
        // Retries and faults end up in the session's outcome, which the CLI prints; the transport's own log lines
        // (with stack traces) are for --verbose.
        builder.Logging.AddFilter("MassTransit", settings.Verbose ? LogLevel.Information : LogLevel.None);

        var configuration = builder.Configuration;
        var remote = BenchgenMessaging.UsesRabbitMq(configuration);
        if (!remote)
        {
            // Registered first, so a test's (or an embedder's) services win over the TryAdd defaults below.
            settings.Services?.Invoke(builder.Services);
            builder.Services.AddPromptIntake(configuration);
            builder.Services.AddGeneration(configuration);
            builder.Services.AddRendering(configuration);
            builder.Services.AddPersistence(configuration);
            StopWithTheHost(builder.Services);
        }

        builder.Services.AddBenchgenMessaging(configuration, bus =>
        {
            bus.AddSessionOutcomeWatcher();
            if (!remote)
            {
                bus.AddGenerationSessionSaga(configuration);
                bus.AddGenerationConsumers();
                bus.AddRenderingConsumers();
                bus.AddPersistenceConsumers();
            }
        }, claimChecks: !remote); // a remote client never touches claim checks, so it needs no ClaimChecks:SigningKey

        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = StopTimeout;
            // After --timeout (or Ctrl-C) the bus stops: generations still running get their ConsumeContext token
            // cancelled after this grace period instead of being waited for.
            o.ConsumerStopTimeout = ConsumerStopTimeout;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);

        return builder.Build();
    }

    /// <summary>
    /// Embedded, the CLI's process is the pipeline: once it stops (after <c>--timeout</c>, or Ctrl-C) no generation may
    /// keep it alive. Whichever <see cref="IScenarioGenerator"/> is registered (the real one, or a test's) gets a token
    /// that is cancelled when the host starts stopping, so queued attempts end at once and running ones are cancelled.
    /// </summary>
    static void StopWithTheHost(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IScenarioGenerator) && !d.IsKeyedService);
        if (registered is null)
        {
            return;
        }

        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(IScenarioGenerator), sp =>
        {
            var inner = registered.ImplementationInstance as IScenarioGenerator
                        ?? registered.ImplementationFactory?.Invoke(sp) as IScenarioGenerator
                        ?? (IScenarioGenerator)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            return new StoppingScenarioGenerator(inner, sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        }, registered.Lifetime));
    }

    /// <summary>
    /// Null when embedded mode can write its data directory (created if missing, a probe file written and removed), else
    /// the reason — checked before any work, so a bad <c>--data-dir</c> fails at once and not after generating.
    /// </summary>
    public static string? DataDirectoryProblem(CliSettings settings)
    {
        var configured = Configuration(settings).GetSection(Benchgen.Hosting.Storage.StorageOptions.Section)
            .Get<Benchgen.Hosting.Storage.StorageOptions>()?.DataDir ?? new Benchgen.Hosting.Storage.StorageOptions().DataDir;
        string full = configured;
        try
        {
            full = Path.GetFullPath(configured);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".benchgen-write-check-{Guid.NewGuid():N}");
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: false);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"the data directory '{Benchgen.Hosting.RequestRules.Sanitise(full, 300)}' is not writable ({Benchgen.Hosting.RequestRules.Sanitise(ex.Message, 300)})";
        }
    }

    /// <summary>The CLI's configuration without a host: environment variables, then the command-line flags.</summary>
    public static IConfiguration Configuration(CliSettings settings) =>
        new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(Overrides(settings)).Build();

    static Dictionary<string, string?> Overrides(CliSettings settings)
    {
        var overrides = new Dictionary<string, string?>();
        if (settings.Broker is not null)
        {
            overrides["ConnectionStrings:RabbitMq"] = settings.Broker;
        }

        if (settings.DataDir is not null)
        {
            overrides["Storage:DataDir"] = settings.DataDir;
        }

        return overrides;
    }
}

/// <summary>
/// A generator whose every call is also cancelled when the CLI's pipeline stops. Stopped work ends as a
/// <see cref="PipelineStoppedException"/> (a <see cref="Benchgen.Hosting.Messaging.WorkStoppedException"/>), which no
/// retry policy retries: each queued attempt faults at once instead of going through the retry schedule, which would
/// keep a timed-out batch alive for minutes.
/// </summary>
sealed class StoppingScenarioGenerator(IScenarioGenerator inner, CancellationToken stopping) : IScenarioGenerator
{
    public async Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int? variants, string? reviewFeedback,
        Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default, Benchgen.Tasks.TaskSpec? spec = null)
    {
        if (stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        try
        {
            return await inner.GenerateAsync(prompt, seed, variants, reviewFeedback, progress, linked.Token, spec);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }
}

/// <summary>The CLI stopped its embedded pipeline (its --timeout passed, or it was interrupted) while this attempt was queued or running.</summary>
public sealed class PipelineStoppedException() : Benchgen.Hosting.Messaging.WorkStoppedException("the command line stopped its pipeline (--timeout passed or interrupted)");

/// <param name="Services">Extra registrations for the in-process services (embedded mode only), ahead of the defaults.</param>
public sealed record CliSettings(string? Broker, string? DataDir, bool Verbose, Action<IServiceCollection>? Services = null);
