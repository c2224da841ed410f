using Benchgen.Contracts;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Hosting.Messaging;
using Benchgen.Tasks;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Benchgen.Generation.Consumers;

/// <summary>
/// Runs one generation attempt and answers with ScenarioGenerated (blobs as claim checks) or GenerationFailed:
/// Rejected for prompts or scenarios that cannot be accepted, not Rejected for unexpected faults. A request carrying a
/// TaskSpec is read strictly (<see cref="TaskSpecReader"/>) and generated instead of planning the prompt; a spec that
/// does not read is Rejected with every error's JSON path.
/// </summary>
public sealed class GenerateScenarioConsumer(
    IScenarioGenerator generator, IClaimCheckStore repository, ILogger<GenerateScenarioConsumer> logger)
    : IConsumer<GenerateScenario>
{
    public async Task Consume(ConsumeContext<GenerateScenario> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        Task Progress(string stage, string message) =>
            context.Publish(new GenerationProgressed(request.SessionId, stage, request.Attempt, message, DateTime.UtcNow, request.Nonce), ct);

        TaskSpec? spec = null;
        if (request.Spec is not null)
        {
            try
            {
                spec = TaskSpecReader.Parse(request.Spec);
            }
            catch (TaskSpecException ex)
            {
                var reason = SpecRejection(ex);
                logger.LogInformation("Session {SessionId} attempt {Attempt}: the submitted spec was rejected: {Reason}", request.SessionId, request.Attempt, reason);
                await context.Publish(new GenerationFailed(request.SessionId, request.Attempt, Rejected: true, reason, request.Nonce), ct);
                return;
            }
        }

        GeneratedScenario scenario;
        try
        {
            scenario = await generator.GenerateAsync(request.Prompt, request.Seed, request.Variants, request.ReviewFeedback, Progress, ct, spec);
        }
        catch (Exception ex) when (ex is UnsupportedPromptException or ArgumentException or ScenarioRejectedException or GeneratorScriptException or Llm.LlmReplyException or TaskSpecException)
        {
            logger.LogInformation("Session {SessionId} attempt {Attempt} rejected: {Reason}", request.SessionId, request.Attempt, ex.Message);
            await context.Publish(new GenerationFailed(request.SessionId, request.Attempt, Rejected: true, ex.Message, request.Nonce), ct);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Session {SessionId} attempt {Attempt}: generation faulted", request.SessionId, request.Attempt);
            await context.Publish(new GenerationFailed(request.SessionId, request.Attempt, Rejected: false,
                $"generation faulted: {ex.GetType().Name}: {ex.Message}", request.Nonce), ct);
            return;
        }

        var script = await repository.PutTextAsync(request.SessionId, scenario.Script.Source, ct);
        var model = await repository.PutTextAsync(request.SessionId, scenario.CanonicalMjcf, ct);
        var variants = new List<ModelVariant>(scenario.Variants.Count);
        foreach (var variant in scenario.Variants)
            variants.Add(new ModelVariant(variant.Seed, await repository.PutTextAsync(request.SessionId, variant.Mjcf, ct), variant.Sha256));
        var definition = await repository.PutTextAsync(request.SessionId, scenario.BenchmarkJson, ct);
        var report = await repository.PutTextAsync(request.SessionId, scenario.Report.ToJson(), ct);

        await context.Publish(new ScenarioGenerated(
            request.SessionId, request.Attempt, scenario.Plan.Family, scenario.Seed, scenario.PayloadBody,
            script, model, variants, definition, report, scenario.Report.Summary, scenario.Report.Difficulty, request.Nonce), ct);
    }

    /// <summary>"the spec is invalid: $.objects[0].kind: ...; $.goal[1].args[0]: ..." cut to 1,000 characters.</summary>
    public static string SpecRejection(TaskSpecException ex)
    {
        const int max = 1000;
        var text = "the spec is invalid: " + string.Join("; ", ex.Errors);
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}

/// <summary>Generation is CPU-bound (Python + MuJoCo): run at most one attempt per core.</summary>
public sealed class GenerateScenarioConsumerDefinition : ConsumerDefinition<GenerateScenarioConsumer>
{
    public GenerateScenarioConsumerDefinition() => ConcurrentMessageLimit = Math.Max(1, Environment.ProcessorCount);
}
