using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace Benchgen.PromptIntake.Tests;

/// <summary>The intake host configured for a RabbitMQ broker that is not there (a closed loopback port).</summary>
public sealed class IntakeWithoutBroker : IntakeApp
{
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:RabbitMq", $"amqp://guest:guest@127.0.0.1:{ClosedPort()}/");
        builder.UseSetting("ClaimChecks:SigningKey", new string('s', 40));
        builder.UseSetting("Messaging:PublishTimeoutSeconds", "1");
    }
}

/// <summary>The in-memory intake plus one readiness check that reports Degraded.</summary>
public sealed class IntakeDegraded : IntakeApp
{
    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddHealthChecks()
            .AddCheck("degraded-dependency", () => HealthCheckResult.Degraded("a dependency is slow"), tags: ["ready"]));
}

public sealed class Answering_while_the_broker_is_down(IntakeWithoutBroker app) : IClassFixture<IntakeWithoutBroker>
{
    HttpClient Client()
    {
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30); // bounded: the API must answer long before this
        return client;
    }

    [Fact]
    public async Task Should_not_be_ready()
    {
        using var response = await Client().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Should_still_be_live()
    {
        using var response = await Client().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_answer_a_submission_503_with_problem_details_after_the_publish_timeout()
    {
        using var response = await Client().PostAsJsonAsync("/api/sessions", new { prompt = "A stack of 3 blocks" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Broker unavailable", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("within 1 s", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_a_batch_503_naming_the_sessions_that_were_submitted()
    {
        using var response = await Client().PostAsJsonAsync("/api/batches", new[] { "A stack of 3 blocks", "A hinged door" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Array, problem.RootElement.GetProperty("submittedSessionIds").ValueKind);
        Assert.Equal(0, problem.RootElement.GetProperty("submittedSessionIds").GetArrayLength());
        Assert.Contains("0 of 2 prompts", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class Reporting_readiness(IntakeApp healthy) : IClassFixture<IntakeApp>
{
    [Fact]
    public async Task Should_be_ready_when_every_check_is_healthy()
    {
        using var response = await healthy.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class Reporting_degraded_readiness(IntakeDegraded degraded) : IClassFixture<IntakeDegraded>
{
    [Fact]
    public async Task Should_answer_503_when_a_ready_check_is_degraded()
    {
        using var response = await degraded.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Degraded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
