using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Benchgen.Hosting;

/// <summary>What every service host shares: health endpoints (MassTransit reports bus health with the "ready" tag), traces and metrics (<see cref="Telemetry"/>).</summary>
public static class ServiceDefaults
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        builder.AddBenchgenTelemetry();
        return builder;
    }

    /// <summary>Healthy 200; Degraded and Unhealthy 503.</summary>
    public static readonly IDictionary<HealthStatus, int> ReadyStatusCodes = new Dictionary<HealthStatus, int>
    {
        [HealthStatus.Healthy] = StatusCodes.Status200OK,
        [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
        [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
    };

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        // Degraded (e.g. the bus lost its broker) is not ready: a probe must stop routing to this instance.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes = ReadyStatusCodes,
        });
        app.MapBenchgenTelemetry();
        return app;
    }
}
