using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Llm;

/// <summary>
/// LLM backend: the model plans (catalogue plan schema), writes the generator script, and the script runs through the
/// same <see cref="ScriptValidation"/> as the catalogue's. Validation failures go back to the coder until
/// <see cref="LlmOptions.MaxCoderAttempts"/> runs out; every coder attempt reports coding and validating checkpoints.
/// </summary>
public sealed class LlmScenarioGenerator(
    LlmPlanner planner, LlmCoder coder, ScriptValidation validation, IOptions<LlmOptions> options, ILogger<LlmScenarioGenerator>? logger = null)
    : IScenarioGenerator
{
    private readonly LlmOptions _options = options.Value;
    private readonly ILogger _logger = logger ?? NullLogger<LlmScenarioGenerator>.Instance;

    /// <exception cref="ScenarioRejectedException">No coder attempt passed validation; the report is the last attempt's.</exception>
    /// <exception cref="LlmReplyException">The planner never answered with a valid plan.</exception>
    public async Task<GeneratedScenario> GenerateAsync(
        string prompt, int seed, int variants, string? reviewFeedback, Func<string, string, Task>? progress = null,
        CancellationToken cancellationToken = default, Benchgen.Tasks.TaskSpec? spec = null)
    {
        progress ??= (_, _) => Task.CompletedTask;
        var plan = await planner.PlanAsync(prompt, reviewFeedback, progress, cancellationToken).ConfigureAwait(false);
        await progress("planning", Describe(plan)).ConfigureAwait(false);

        var conversation = coder.StartConversation(plan, reviewFeedback);
        var attempts = Math.Max(1, _options.MaxCoderAttempts);
        ValidationReport? lastReport = null;
        string lastFailure = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var label = $"coder attempt {attempt}/{attempts}";
            await progress("coding", attempt == 1
                ? $"{label}: asking {coder.Model} for the {plan.Family} generator script"
                : $"{label}: asking {coder.Model} to fix the failures of attempt {attempt - 1}").ConfigureAwait(false);
            var reply = await coder.AskAsync(conversation, cancellationToken).ConfigureAwait(false);

            var source = LlmCode.ExtractPython(reply);
            if (source is null)
            {
                lastFailure = LlmCoder.NoScriptFeedback(attempt);
                await progress("coding", $"{label} rejected: the reply has no Python script").ConfigureAwait(false);
                LlmCoder.AddFailure(conversation, lastFailure);
                continue;
            }
            await progress("coding", $"{label}: received a {source.Length}-character script").ConfigureAwait(false);

            var script = new GeneratorScript(source, plan, ReviewAdjustments.None, coder.GeneratorVersion);
            GeneratedScenario? scenario;
            ValidationReport report;
            try
            {
                (scenario, report) = await validation.RunAsync(plan, script, prompt, seed, variants, progress, cancellationToken,
                    GenerationProvenance.Llm(coder.Model)).ConfigureAwait(false);
            }
            catch (GeneratorScriptException ex)
            {
                lastFailure = LlmCoder.ScriptFailureFeedback(attempt, ex);
                await progress("validating", $"{label} rejected: the script {ex.Failure}: {LlmJson.Excerpt(ex.Message, 400)}").ConfigureAwait(false);
                LlmCoder.AddFailure(conversation, lastFailure);
                continue;
            }

            if (scenario is not null)
            {
                await progress("validating", $"{label} accepted").ConfigureAwait(false);
                return scenario;
            }
            lastReport = report;
            lastFailure = LlmCoder.ValidationFeedback(attempt, report, _options.MaxFeedbackChars);
            await progress("validating", $"{label} rejected: {report.Summary}").ConfigureAwait(false);
            LlmCoder.AddFailure(conversation, lastFailure);
        }

        _logger.LogInformation("LLM coder {Model} gave up after {Attempts} attempts for prompt {Prompt}", coder.Model, attempts, prompt);
        var reason = $"the LLM coder ({coder.Model}) produced no valid script in {attempts} attempt(s); last: ";
        var final = lastReport is not null
            ? lastReport with { Summary = reason + lastReport.Summary }
            : new ValidationReport(plan.Family, false, reason + lastFailure, 0, null, Benchgen.Physics.Mujoco.Version, []);
        throw new ScenarioRejectedException(final);
    }

    private string Describe(ScenarioPlan plan) =>
        $"LLM planner ({coder.Model}): {plan.Describe()}" +
        $"; payload {plan.PayloadBody}" +
        (plan.ExpectedJoints.Count == 0 ? "" : "; joints " + string.Join(", ", plan.ExpectedJoints.Select(j => $"{j.Value} {j.Key.ToLowerInvariant()}"))) +
        (plan.MustSettle ? "" : "; not expected to settle");
}
