using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.PromptIntake.Apis;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.PromptIntake.Tests;

/// <summary>The intake host on the in-memory bus and saga repository, with a temporary data directory.</summary>
public class IntakeApp : WebApplicationFactory<Program>
{
    readonly string dataDir = Directory.CreateTempSubdirectory("benchgen-api-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:RabbitMq", "");
        builder.UseSetting("ConnectionStrings:Mongo", "");
        builder.UseSetting("S3:ServiceUrl", "");
        builder.UseSetting("Storage:DataDir", dataDir);
        Configure(builder);
    }

    /// <summary>Further settings of a derived fixture.</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

public class Submitting_through_the_api : IClassFixture<IntakeApp>
{
    readonly IntakeApp app;

    public Submitting_through_the_api(IntakeApp app) => this.app = app;

    [Fact]
    public async Task Should_accept_a_prompt_and_expose_the_session()
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/sessions", new { prompt = "A stack of 3 blocks", seed = 4, variants = 2 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<SubmittedSession>())!;
        Assert.Equal($"/api/sessions/{submitted.SessionId}", response.Headers.Location!.OriginalString);

        // The saga has the session once SubmitPrompt is consumed; poll the status URL briefly.
        SessionStatus? status = null;
        for (var i = 0; i < 100 && status is null; i++)
        {
            var get = await client.GetAsync(submitted.StatusUrl);
            if (get.StatusCode == HttpStatusCode.OK)
            {
                status = await get.Content.ReadFromJsonAsync<SessionStatus>();
            }
            else
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(status);
        Assert.Equal("A stack of 3 blocks", status.Prompt);
        Assert.Contains(status.Checkpoints, c => c.Stage == "submitted");

        var list = await client.GetFromJsonAsync<List<SessionSummary>>("/api/sessions?limit=10");
        Assert.Contains(list!, s => s.SessionId == submitted.SessionId);
    }

    [Fact]
    public async Task Should_accept_a_text_batch_skipping_blank_lines_and_comments()
    {
        var client = app.CreateClient();
        var response = await client.PostAsync("/api/batches",
            new StringContent("# curated\nA stack of 3 blocks\n\nA tower of five cubes\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = (await response.Content.ReadFromJsonAsync<SubmittedBatch>())!;
        Assert.Equal(2, batch.SessionIds.Count);
    }

    [Fact]
    public async Task Should_accept_a_json_batch()
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/batches", new[] { "A stack of 3 blocks", "A stack of 2 blocks", "A stack of 4 blocks" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<SubmittedBatch>())!.SessionIds.Count);
    }

    [Fact]
    public async Task Should_publish_submit_prompt_for_each_accepted_submission()
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/sessions", new { prompt = "A stack of 5 blocks" });
        var submitted = (await response.Content.ReadFromJsonAsync<SubmittedSession>())!;
        var harness = app.Services.GetService<ITestHarness>();
        // Without a harness registered, the saga's store is the witness.
        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<Benchgen.PromptIntake.Sessions.ISessionQueries>();
        Sessions.GenerationSession? session = null;
        for (var i = 0; i < 100 && session is null; i++)
        {
            session = await queries.FindAsync(submitted.SessionId, CancellationToken.None);
            await Task.Delay(session is null ? 50 : 0);
        }

        Assert.Null(harness);
        Assert.NotNull(session);
        Assert.Equal("A stack of 5 blocks", session.Prompt);
    }
}

public class Submitting_bad_input_to_the_api : IClassFixture<IntakeApp>
{
    readonly IntakeApp app;

    public Submitting_bad_input_to_the_api(IntakeApp app) => this.app = app;

    public static TheoryData<string> BadSessionBodies => new()
    {
        """{"prompt": ""}""",
        """{"prompt": "   "}""",
        """{"prompt": 42}""",
        """{"prompt": ["A stack"]}""",
        """{"prompt": null}""",
        """{}""",
        """["A stack of 3 blocks"]""",
        """{"prompt": "A stack of 3 blocks", "seed": "x"}""",
        """{"prompt": "A stack of 3 blocks", "variants": 1000}""",
        """{"prompt": "bell\u0007"}""",
        """not json""",
    };

    [Theory]
    [MemberData(nameof(BadSessionBodies))]
    public async Task Should_answer_400_with_problem_details(string body)
    {
        var response = await app.CreateClient().PostAsync("/api/sessions", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_refuse_an_oversized_prompt()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/sessions", new { prompt = new string('a', 2001) });
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("2000", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_refuse_a_non_json_content_type_for_a_session()
    {
        var response = await app.CreateClient().PostAsync("/api/sessions", new StringContent("A stack of 3 blocks", Encoding.UTF8, "text/plain"));
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Should_refuse_a_batch_over_the_limit()
    {
        var lines = string.Join('\n', Enumerable.Repeat("A stack of 3 blocks", SessionsApi.MaxBatchPrompts + 1));
        var response = await app.CreateClient().PostAsync("/api/batches", new StringContent(lines, Encoding.UTF8, "text/plain"));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("10000", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_refuse_a_batch_with_a_non_text_item()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/batches", new object[] { "A stack of 3 blocks", 7 });
        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_answer_404_for_unknown_sessions_and_assets()
    {
        var client = app.CreateClient();
        await AssertProblem(await client.GetAsync($"/api/sessions/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblem(await client.GetAsync("/api/assets/bm-0000"), HttpStatusCode.NotFound);
        await AssertProblem(await client.GetAsync("/api/assets/..%2F..%2Fetc"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_refuse_an_unknown_state_filter()
    {
        await AssertProblem(await app.CreateClient().GetAsync("/api/sessions?state=Exploded"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_serve_an_openapi_document()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("/api/sessions", text);
        Assert.Contains("/api/batches", text);
        Assert.Contains("/api/plans", text);
        Assert.Contains("floor_material", text);
    }

    static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
