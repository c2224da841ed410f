using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Benchgen.Hosting;

/// <summary>
/// Traces and metrics for every host, as eShop's ServiceDefaults wire them: MassTransit's ActivitySource and meter
/// (publish/consume spans across services, delivery duration = queue wait, retries), ASP.NET Core, HttpClient (the
/// AWS SDK's S3 calls go through it, so each S3 request is an HTTP client span; the AWS-specific instrumentation package
/// is not served here), .NET runtime metrics and Benchgen's own meters (<c>Benchgen.*</c>: session stage durations and
/// outcomes, refused replies, sandbox time, renders). OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; a
/// Prometheus scrape endpoint at <c>/metrics</c> on every host (<c>Telemetry:Prometheus=false</c> turns it off).
/// </summary>
public static class Telemetry
{
    /// <summary>The wildcard every Benchgen meter and ActivitySource name matches ("Benchgen.Sessions", ...).</summary>
    public const string SourcePattern = "Benchgen.*";

    /// <summary>MassTransit 8's ActivitySource and Meter name.</summary>
    public const string MassTransitSource = "MassTransit";

    public static IHostApplicationBuilder AddBenchgenTelemetry(this IHostApplicationBuilder builder)
    {
        var prometheus = builder.Configuration.GetValue("Telemetry:Prometheus", true);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(MassTransitSource, SourcePattern)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MassTransitSource, SourcePattern)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (otlp) metrics.AddOtlpExporter();
                if (prometheus) metrics.AddPrometheusExporter();
            });
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> (Prometheus text format) unless <c>Telemetry:Prometheus=false</c>.</summary>
    public static WebApplication MapBenchgenTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Prometheus", true)) app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
