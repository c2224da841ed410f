using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Benchgen.Contracts;
using Benchgen.PromptIntake.Apis;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Benchgen.PromptIntake.Tests;

/// <summary>The intake host with telemetry: Prometheus text on /metrics, and each checkpoint carries its trace id.</summary>
public sealed partial class Telemetry_of_the_intake_host : IClassFixture<IntakeApp>
{
    readonly IntakeApp app;

    public Telemetry_of_the_intake_host(IntakeApp app) => this.app = app;

    [Fact]
    public async Task Metrics_and_trace_ids_follow_a_submitted_session()
    {
        var client = app.CreateClient();
        var submitted = (await (await client.PostAsJsonAsync("/api/sessions", new { prompt = "A stack of 3 blocks" }))
            .Content.ReadFromJsonAsync<SubmittedSession>())!;
        SessionStatus? status = null;
        for (var i = 0; i < 100 && status is null; i++)
        {
            var get = await client.GetAsync(submitted.StatusUrl);
            if (get.StatusCode == HttpStatusCode.OK) status = await get.Content.ReadFromJsonAsync<SessionStatus>();
            else await Task.Delay(50);
        }
        Assert.NotNull(status);

        // The checkpoint was written while MassTransit consumed SubmitPrompt: inside its consume span.
        var submittedCheckpoint = Assert.Single(status.Checkpoints, c => c.Stage == "submitted");
        Assert.Matches(TraceId(), submittedCheckpoint.TraceId ?? "");

        var metrics = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        // Benchgen's stage histogram (the submission checkpoint). MassTransit's own metrics are checked on the real hosts
        // (Distributed.Tests): its meter comes from the first host's meter factory, and this project runs several hosts.
        Assert.Contains("benchgen_sessions_stage_duration_seconds_bucket", text);
        Assert.Contains("stage=\"submitted\"", text);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}

/// <summary>With <c>Telemetry:Prometheus=false</c> there is no scrape endpoint.</summary>
public sealed class IntakeAppWithoutPrometheus : IntakeApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Telemetry:Prometheus", "false");
}

public sealed class Telemetry_switched_off(IntakeAppWithoutPrometheus app) : IClassFixture<IntakeAppWithoutPrometheus>
{
    [Fact]
    public async Task There_is_no_metrics_endpoint() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/metrics")).StatusCode);
}
