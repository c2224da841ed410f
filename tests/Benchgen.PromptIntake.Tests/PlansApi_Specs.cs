using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Sessions;
using Benchgen.Tasks;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.PromptIntake.Tests;

internal static class Specs
{
    public const string BowlOnPlate = """
        {"spec": "benchgen.task/v1", "prompt": "put the bowl on the plate",
         "objects": [{"id": "bowl_1", "kind": "bowl", "label": "bowl"}, {"id": "plate_1", "kind": "plate", "label": "plate"}],
         "goal": [{"predicate": "on", "args": ["bowl_1", "plate_1"]}]}
        """;

    /// <summary>Two problems: an unknown kind, and a goal naming an object that is not in the scene.</summary>
    public const string Broken = """
        {"spec": "benchgen.task/v1",
         "objects": [{"id": "spatula_1", "kind": "spatula", "label": "spatula"}],
         "goal": [{"predicate": "on", "args": ["spatula_1", "pan_1"]}]}
        """;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

/// <summary>Records every message the intake host publishes.</summary>
internal sealed class PublishRecorder : IPublishObserver
{
    readonly List<object> published = [];

    public IReadOnlyList<T> Of<T>() where T : class
    {
        lock (published) return published.OfType<T>().ToList();
    }

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        lock (published) published.Add(context.Message);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>The intake host with a stand-in for Generation's planner answering PlanTask on the same in-memory bus.</summary>
public sealed class PlanningIntakeApp : IntakeApp
{
    internal PublishRecorder Published { get; } = new();
    internal List<PlanTask> PlanRequests { get; } = [];
    bool connected;

    public void Start()
    {
        lock (PlanRequests)
        {
            if (connected) return;
            connected = true;
        }

        var bus = Services.GetRequiredService<IBus>();
        bus.ConnectPublishObserver(Published);
        var handle = bus.ConnectReceiveEndpoint("test-plan-task", e => e.Handler<PlanTask>(async ctx =>
        {
            lock (PlanRequests) PlanRequests.Add(ctx.Message);
            var spec = TaskSpecReader.Parse(Specs.BowlOnPlate) with
            {
                Prompt = ctx.Message.Prompt,
                Understood = ["put", "bowl", "on", "plate"],
                Unmapped = ctx.Message.Prompt.Contains("spatula") ? ["spatula"] : [],
            };
            await ctx.RespondAsync(new TaskPlanned(ctx.Message.RequestId, spec.ToJson(indented: false),
                spec.Unmapped.Count > 0 ? "not understood: 'spatula'" : null));
        }));
        handle.Ready.GetAwaiter().GetResult();
    }
}

public class Planning_through_the_api : IClassFixture<PlanningIntakeApp>
{
    readonly PlanningIntakeApp app;

    public Planning_through_the_api(PlanningIntakeApp app)
    {
        this.app = app;
        app.Start();
    }

    [Fact]
    public async Task Should_answer_the_planned_spec_for_a_prompt()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/plans", new { prompt = "put the bowl on the plate" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("accepted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("rejection").ValueKind);
        Assert.Equal(0, body.GetProperty("unmapped").GetArrayLength());
        // The spec in the answer is a TaskSpec as published (snake_case keys), ready to edit and submit.
        var spec = TaskSpecReader.Parse(body.GetProperty("spec").GetRawText());
        Assert.Equal("put the bowl on the plate", spec.Prompt);
        Assert.Equal("on(bowl_1, plate_1)", spec.DescribeGoal());
        Assert.Contains(app.PlanRequests, r => r.Prompt == "put the bowl on the plate");
    }

    [Fact]
    public async Task Should_answer_a_rejected_plan_with_the_reason_and_the_unmapped_words()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/plans", new { prompt = "put the spatula on the plate" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("accepted").GetBoolean());
        Assert.Contains("spatula", body.GetProperty("rejection").GetString());
        Assert.Equal(["spatula"], body.GetProperty("unmapped").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"prompt": ""}""")]
    [InlineData("""{"prompt": 7}""")]
    [InlineData("""{}""")]
    [InlineData("""not json""")]
    public async Task Should_refuse_bad_plan_requests_without_asking_the_planner(string body)
    {
        var before = app.PlanRequests.Count;
        var response = await app.CreateClient().PostAsync("/api/plans", Specs.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, app.PlanRequests.Count);
    }

    [Fact]
    public async Task Should_refuse_an_invalid_spec_naming_the_json_path_of_each_error_and_publish_nothing()
    {
        var response = await app.CreateClient().PostAsync("/api/sessions", Specs.Json($$"""{"prompt": "a spatula on a pan", "spec": {{Specs.Broken}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith("$.objects[0].kind:", StringComparison.Ordinal) && e.Contains("spatula"));
        Assert.All(errors, e => Assert.StartsWith("$", e));
        await Task.Delay(200);
        Assert.DoesNotContain(app.Published.Of<SubmitPrompt>(), m => m.Prompt == "a spatula on a pan");
    }

    [Theory]
    [InlineData("""{"spec": "put the bowl on the plate"}""")]
    [InlineData("""{"spec": [1]}""")]
    [InlineData("""{"spec": {"spec": "benchgen.task/v1"}}""")]
    public async Task Should_refuse_a_spec_that_is_not_a_task_spec(string body)
    {
        var response = await app.CreateClient().PostAsync("/api/sessions", Specs.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Should_accept_a_valid_spec_without_a_prompt_and_start_the_session_with_it()
    {
        var response = await app.CreateClient().PostAsync("/api/sessions", Specs.Json($$"""{"spec": {{Specs.BowlOnPlate}}, "seed": 3}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<SubmittedSession>())!;
        var message = Assert.Single(app.Published.Of<SubmitPrompt>(), m => m.SessionId == submitted.SessionId);
        Assert.Equal("put the bowl on the plate", message.Prompt);
        Assert.Equal("on(bowl_1, plate_1)", TaskSpecReader.Parse(message.Spec!).DescribeGoal());

        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ISessionQueries>();
        GenerationSession? session = null;
        for (var i = 0; i < 100 && session is null; i++)
        {
            session = await queries.FindAsync(submitted.SessionId, CancellationToken.None);
            await Task.Delay(session is null ? 50 : 0);
        }

        Assert.NotNull(session);
        Assert.Equal(message.Spec, session.Spec);
    }

    [Fact]
    public async Task Should_make_a_prompt_from_the_goal_when_the_spec_has_none()
    {
        var spec = Specs.BowlOnPlate.Replace("\"prompt\": \"put the bowl on the plate\",", "");
        var response = await app.CreateClient().PostAsync("/api/sessions", Specs.Json($$"""{"spec": {{spec}}}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<SubmittedSession>())!;
        Assert.Equal("Task: on(bowl_1, plate_1)", Assert.Single(app.Published.Of<SubmitPrompt>(), m => m.SessionId == submitted.SessionId).Prompt);
    }
}

/// <summary>No Generation service on the bus, and a planner deadline of one second.</summary>
public sealed class PlannerlessIntakeApp : IntakeApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Plans:TimeoutSeconds", "1");
}

public class Planning_without_a_planner : IClassFixture<PlannerlessIntakeApp>
{
    readonly PlannerlessIntakeApp app;

    public Planning_without_a_planner(PlannerlessIntakeApp app) => this.app = app;

    [Fact]
    public async Task Should_answer_503_when_the_planner_does_not_answer_in_time()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/plans", new { prompt = "put the bowl on the plate" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("1 s", problem.GetProperty("detail").GetString());
    }
}
