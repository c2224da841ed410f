using System.CommandLine;
using Benchgen.Generation;
using Benchgen.Hosting.Messaging;
using Benchgen.Persistence;
using Benchgen.PromptIntake;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Dashboard;
using Benchgen.Rendering;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Benchgen.Cli;

/// <summary>
/// <c>benchgen serve [--data-dir DIR] [--urls URL]</c>: the intake host's dashboard and API in the CLI's process, over
/// an embedded data directory (its catalogue and artifact files). The embedded pipeline runs in the same process, so
/// prompts submitted here are generated and show up live; the embedded saga store is in memory, so sessions of past
/// runs are gone (the page says so) while their benchmarks are all there.
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string SessionsNote =
        "Sessions live in this process's memory: those of earlier embedded runs were not kept (their benchmarks are all below). " +
        "Prompts submitted to this server run here and appear live; a deployment with MongoDB keeps every session.";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "The embedded data directory to serve (default ./.benchgen)." };
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {DefaultUrls}).", DefaultValueFactory = _ => DefaultUrls };
        var serve = new Command("serve", "Serve the dashboard and the intake API over an embedded data directory until Ctrl-C.") { dataDir, urls };
        serve.SetAction(async (result, ct) =>
        {
            var settings = new CliSettings(null, result.GetValue(dataDir), Verbose: false);
            if (PipelineHost.DataDirectoryProblem(settings) is { } problem)
            {
                stderr.WriteLine($"benchgen serve: {problem}");
                return BenchgenCommandLine.Usage;
            }

            WebApplication app;
            try
            {
                app = Build(settings, result.GetValue(urls) ?? DefaultUrls);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                stderr.WriteLine($"benchgen serve: {ex.Message}");
                return BenchgenCommandLine.Usage;
            }

            await using (app)
            {
                try
                {
                    await app.StartAsync(ct);
                }
                catch (IOException ex)
                {
                    stderr.WriteLine($"benchgen serve: cannot listen: {ex.Message}");
                    return BenchgenCommandLine.NotAccepted;
                }

                stdout.WriteLine($"benchgen serve: the dashboard is at {string.Join(", ", Addresses(app))} (Ctrl-C stops it)");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C
                }

                await app.StopAsync(CancellationToken.None);
            }

            return BenchgenCommandLine.Accepted;
        });
        return serve;
    }

    public static IEnumerable<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    /// <summary>The web app: only the data directory (no broker, MongoDB or S3 from the environment), on the in-memory bus.</summary>
    public static WebApplication Build(CliSettings settings, string urls, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddConfiguration(PipelineHost.Configuration(settings));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = "",
            ["ConnectionStrings:Mongo"] = "",
            ["S3:ServiceUrl"] = "",
            [$"{DashboardOptions.Section}:{nameof(DashboardOptions.SessionsNote)}"] = SessionsNote,
        });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.None);

        var configuration = builder.Configuration;
        services?.Invoke(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Services.AddPromptIntake(configuration);
        builder.Services.AddGeneration(configuration);
        builder.Services.AddRendering(configuration);
        builder.Services.AddPersistence(configuration);
        builder.Services.AddBenchgenMessaging(configuration, bus =>
        {
            bus.AddGenerationSessionSaga(configuration);
            bus.AddGenerationConsumers();
            bus.AddRenderingConsumers();
            bus.AddPersistenceConsumers();
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = PipelineHost.StopTimeout;
            o.ConsumerStopTimeout = PipelineHost.ConsumerStopTimeout;
        });

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.MapSessionsApi();
        return app;
    }
}
