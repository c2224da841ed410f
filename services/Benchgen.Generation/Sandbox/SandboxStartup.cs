using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Benchgen.Generation.Sandbox;

/// <summary>
/// Probes the sandbox when the host starts and logs what it enforces; a weak sandbox is a warning. With
/// <c>Generation:Sandbox=bwrap</c> and bubblewrap not working the host refuses to start.
/// </summary>
public sealed class SandboxStartupCheck(ScriptSandbox sandbox, ILogger<SandboxStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SandboxReport report;
        try
        {
            report = sandbox.Describe();
        }
        catch (InvalidOperationException ex)
        {
            logger.LogCritical("Generator sandbox: {Problem}", ex.Message);
            throw;
        }
        if (report.Strong)
            logger.LogInformation("Generator sandbox: {Report}", report);
        else if (report.UntrustedScripts.StartsWith("refused", StringComparison.Ordinal))
            logger.LogWarning("Generator sandbox is WEAK here; untrusted (LLM-written) scripts will be REFUSED; Benchgen's own compiled scripts run in it: {Report}", report);
        else
            logger.LogWarning("Generator sandbox is WEAK here and Generation:AllowWeakSandbox lets UNTRUSTED scripts run in it: {Report}", report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The sandbox probe as a health check (tag <c>sandbox</c>, served by the Generation host at <c>/health/sandbox</c>):
/// Healthy for the strong sandbox, Degraded for the weak one, Unhealthy when a required bubblewrap cannot run.
/// Not a readiness check: a weak sandbox still runs Benchgen's own scripts.
/// </summary>
public sealed class SandboxHealthCheck(ScriptSandbox sandbox) : IHealthCheck
{
    public const string Tag = "sandbox";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = sandbox.Describe();
            var data = new Dictionary<string, object>
            {
                ["mode"] = report.Mode,
                ["strong"] = report.Strong,
                ["limits"] = report.Limits,
                ["identity"] = report.Identity,
                ["untrusted_scripts"] = report.UntrustedScripts,
            };
            if (report.StrongSandboxProblem is not null) data["strong_sandbox_problem"] = report.StrongSandboxProblem;
            return Task.FromResult(report.Strong
                ? HealthCheckResult.Healthy(report.ToString(), data)
                : HealthCheckResult.Degraded(report.ToString(), data: data));
        }
        catch (InvalidOperationException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message));
        }
    }
}

/// <summary>Writes the sandbox health entry as JSON: status, description and the probe's fields.</summary>
public static class SandboxHealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var entry = report.Entries.Values.FirstOrDefault();
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["status"] = report.Status.ToString(),
            ["description"] = entry.Description,
        };
        foreach (var (key, value) in entry.Data ?? new Dictionary<string, object>())
            body[key] = System.Text.Json.JsonSerializer.SerializeToNode(value);
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
