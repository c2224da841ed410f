using Benchgen.Contracts;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Hosting.Faults;
using Benchgen.Hosting.Messaging;
using Benchgen.Tasks;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Consumers;

/// <summary>
/// Runs one generation attempt and answers with ScenarioGenerated (blobs as claim checks) or, for prompts or scenarios
/// that cannot be accepted, GenerationFailed with Rejected — a result. One failure path for everything else: an
/// unexpected exception is a fault that goes through retry and <c>Fault&lt;GenerateScenario&gt;</c>, never a rejection. A request carrying a
/// TaskSpec is read strictly (<see cref="TaskSpecReader"/>) and generated instead of planning the prompt; a spec that
/// does not read is Rejected with every error's JSON path.
/// </summary>
public sealed class GenerateScenarioConsumer(
    IScenarioGenerator generator, IClaimCheckStore repository, ILogger<GenerateScenarioConsumer> logger,
    IOptions<MessagingOptions>? messaging = null, IBus? bus = null)
    : IConsumer<GenerateScenario>
{
    readonly IReadOnlyList<TimeSpan> transientIntervals = (messaging?.Value ?? new MessagingOptions()).TransientRetryIntervals();

    public async Task Consume(ConsumeContext<GenerateScenario> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        Task Progress(string stage, string message) =>
            context.Publish(new GenerationProgressed(request.SessionId, stage, request.Attempt, message, DateTime.UtcNow, request.Nonce), ct);

        // The stage's deadline counts from now, not from when the request was queued.
        await bus.ReportStartedAsync(logger, request.SessionId, "generating", request.Attempt, request.Nonce, cancellationToken: ct);

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
        // Anything else is a fault, not a verdict on the prompt: it propagates, the endpoint's retry policy applies, and
        // when retries are spent MassTransit publishes Fault<GenerateScenario>, which fails the session with the
        // exception ("generation faulted: …") and leaves the message in generate-scenario_error for ops.

        // Storing the claim checks is not generating: a failed write is retried here, a few times, and never makes the
        // bus redeliver GenerateScenario (which would regenerate the scenario up to six times). A write that cannot
        // succeed (no permission, no such folder, a read-only or full disk) fails the session at once with the reason.
        ScenarioGenerated generated;
        try
        {
            var script = await StoreAsync(request.SessionId, scenario.Script.Source, ct);
            var model = await StoreAsync(request.SessionId, scenario.CanonicalMjcf, ct);
            var variants = new List<ModelVariant>(scenario.Variants.Count);
            foreach (var variant in scenario.Variants)
                variants.Add(new ModelVariant(variant.Seed, await StoreAsync(request.SessionId, variant.Mjcf, ct), variant.Sha256));
            var definition = await StoreAsync(request.SessionId, scenario.BenchmarkJson, ct);
            var report = await StoreAsync(request.SessionId, scenario.Report.ToJson(), ct);
            // The recorded reference replay travels like the other blobs; Rendering draws the animation from it.
            var trajectory = scenario.Report.ReferenceTrajectory is { } recorded ? await StoreAsync(request.SessionId, recorded.ToJson(), ct) : null;
            generated = new ScenarioGenerated(
                request.SessionId, request.Attempt, scenario.Plan.Family, scenario.Seed, scenario.PayloadBody,
                script, model, variants, definition, report, scenario.Report.Summary, scenario.Report.Difficulty, request.Nonce, trajectory);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Session {SessionId} attempt {Attempt}: the claim checks could not be stored", request.SessionId, request.Attempt);
            await context.Publish(new GenerationFailed(request.SessionId, request.Attempt, Rejected: false,
                $"the generated scenario could not be stored: {ex.GetType().Name}: {ex.Message}"), ct);
            return;
        }

        await context.Publish(generated, ct);
    }

    private async Task<Uri> StoreAsync(Guid sessionId, string content, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // An S3 outage is waited out here (doubling waits, Messaging:TransientRetry*), not reported as a failure.
                return await TransientRetry.RunAsync(c => repository.PutTextAsync(sessionId, content, c), transientIntervals, logger,
                    $"Session {sessionId}: storing a claim check", ct);
            }
            catch (Exception ex) when (attempt < 3 && !IsPermanent(ex) && !TransientFaults.IsTransient(ex) && ex is not OperationCanceledException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), ct);
            }
        }
    }

    /// <summary>Local file-system failures do not heal by retrying within seconds.</summary>
    public static bool IsPermanent(Exception ex) =>
        ex is UnauthorizedAccessException or DirectoryNotFoundException or PathTooLongException or IOException or NotSupportedException;

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
