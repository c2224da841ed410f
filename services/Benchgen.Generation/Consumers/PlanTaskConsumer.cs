using Benchgen.Contracts;
using Benchgen.Generation.Tasks;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Benchgen.Generation.Consumers;

/// <summary>
/// Answers <see cref="PlanTask"/> with the planner's TaskSpec (<see cref="TaskPlanned"/>), generating nothing: the first
/// half of the plan-approval loop. A prompt the planner refuses as input (empty, oversized), or an LLM planner that gave
/// no valid spec, is answered with the reason as the rejection, not a fault, so the requester gets an answer instead of
/// a timeout.
/// </summary>
public sealed class PlanTaskConsumer(ITaskPlanner planner, ILogger<PlanTaskConsumer> logger) : IConsumer<PlanTask>
{
    public async Task Consume(ConsumeContext<PlanTask> context)
    {
        var request = context.Message;
        PlanResult result;
        try
        {
            result = await planner.PlanAsync(request.Prompt, cancellationToken: context.CancellationToken);
        }
        catch (Exception ex) when (ex is ArgumentException or Llm.LlmReplyException)
        {
            logger.LogInformation("Plan request {RequestId} refused: {Reason}", request.RequestId, ex.Message);
            await context.RespondAsync(new TaskPlanned(request.RequestId, "{}", ex.Message));
            return;
        }

        await context.RespondAsync(new TaskPlanned(request.RequestId, result.Spec.ToJson(indented: false), result.Rejection));
    }
}
