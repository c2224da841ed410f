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
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        return builder.Build();
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

/// <param name="Services">Extra registrations for the in-process services (embedded mode only), ahead of the defaults.</param>
public sealed record CliSettings(string? Broker, string? DataDir, bool Verbose, Action<IServiceCollection>? Services = null);
