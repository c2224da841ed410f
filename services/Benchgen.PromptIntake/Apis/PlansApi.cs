using System.Text.Json;
using Benchgen.Contracts;
using Benchgen.Hosting;
using Benchgen.Tasks;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchgen.PromptIntake.Apis;

/// <summary>
/// <c>POST /api/plans</c>: the first half of the plan-approval loop. The prompt is planned by Generation (a
/// <see cref="PlanTask"/> request over the bus; intake has no planner of its own) and the TaskSpec comes back for a
/// person to read, edit and submit to <c>POST /api/sessions</c> as <c>spec</c>. Nothing is generated.
/// </summary>
public static class PlansApi
{
    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapPost("/plans", PlanAsync).WithName("PlanTask").Accepts<PlanRequest>("application/json")
            .WithSummary("Plan a prompt into a TaskSpec without generating it")
            .WithDescription("Answers the TaskSpec the planner made, whether it can be generated (accepted), the rejection reason " +
                             "and the prompt words that were not understood. 503 when the planner does not answer in time.");
        return api;
    }

    public static async Task<Results<Ok<PlannedTask>, ProblemHttpResult>> PlanAsync(
        HttpRequest request, IRequestClient<PlanTask> planner, IOptions<PlanOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await SessionsApi.ReadJsonAsync(request, ct);
        }
        catch (SessionsApi.BadRequestException ex)
        {
            return ex.Result;
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("prompt", out var promptElement) ||
            promptElement.ValueKind != JsonValueKind.String)
        {
            return SessionsApi.Problem("the body must be a JSON object like {\"prompt\": \"put the bowl on the plate\"}");
        }

        var prompt = promptElement.GetString()!;
        if (PromptRules.Problem(prompt) is { } problem)
        {
            return SessionsApi.Problem(problem);
        }

        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds));
        TaskPlanned planned;
        try
        {
            var response = await planner.GetResponse<TaskPlanned>(new PlanTask(NewId.NextGuid(), prompt), ct, RequestTimeout.After(s: (int)timeout.TotalSeconds));
            planned = response.Message;
        }
        catch (RequestTimeoutException)
        {
            return TypedResults.Problem(detail: $"the planner did not answer within {timeout.TotalSeconds:0} s; is the Generation service running?",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Planner unavailable");
        }
        catch (RequestFaultException ex)
        {
            loggers.CreateLogger(typeof(PlansApi)).LogWarning(ex, "Planning faulted for a {Length}-character prompt", prompt.Length);
            return TypedResults.Problem(detail: "the planner faulted: " + string.Join("; ", ex.Fault?.Exceptions.Select(e => e.Message) ?? []),
                statusCode: StatusCodes.Status502BadGateway, title: "Planner failed");
        }

        var spec = JsonSerializer.Deserialize<TaskSpec>(planned.Spec, TaskSpec.Json) ?? new TaskSpec();
        return TypedResults.Ok(new PlannedTask(spec, planned.Rejection is null, planned.Rejection, spec.Unmapped));
    }
}

public sealed record PlanRequest(string Prompt);

/// <summary>The planner's answer: the TaskSpec (edit it and submit it as <c>spec</c>), and why it cannot be generated if it cannot.</summary>
public sealed record PlannedTask(TaskSpec Spec, bool Accepted, string? Rejection, IReadOnlyList<string> Unmapped);
