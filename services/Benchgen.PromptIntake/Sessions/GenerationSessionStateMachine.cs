using Benchgen.Contracts;
using Benchgen.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// Orchestrates one prompt: generate -> render -> review (-> regenerate with feedback) -> persist.
/// Services never call each other; every hop is a message this saga publishes and a reply it correlates by session id.
/// Finished sessions stay in the store (Accepted, Rejected, Failed) as the record ops read.
/// Every request carries a fresh random nonce; a reply moves the session only when <see cref="SessionReplyChecks"/>
/// finds it consistent with that request (nonce, attempt, claim addresses of this session, benchmark id, artifact URLs).
/// </summary>
public sealed class GenerationSessionStateMachine : MassTransitStateMachine<GenerationSession>
{
    public GenerationSessionStateMachine(IOptions<SessionOptions> options, SessionReplyChecks checks)
    {
        var settings = options.Value;
        var stageTimeout = TimeSpan.FromSeconds(settings.StageTimeoutSeconds);
        // A request waits in its queue for a worker at most this long; the stage's own clock starts when a worker
        // reports StageStarted (and RabbitMQ drops a request still queued after this, so it is not worked on for nothing).
        var queueTimeout = TimeSpan.FromSeconds(Math.Max(settings.StageTimeoutSeconds, settings.QueueTimeoutSeconds));

        InstanceState(x => x.CurrentState);

        Event(() => Submitted, x =>
        {
            x.CorrelateById(m => m.Message.SessionId);
            x.InsertOnInitial = true;
            x.SetSagaFactory(m => new GenerationSession { CorrelationId = m.Message.SessionId });
        });
        Event(() => Progressed, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(Progressed), ctx.Message.SessionId))); });
        Event(() => Generated, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(Generated), ctx.Message.SessionId))); });
        Event(() => GenerationFailed, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(GenerationFailed), ctx.Message.SessionId))); });
        Event(() => Rendered, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(Rendered), ctx.Message.SessionId))); });
        Event(() => RenderingFailed, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(RenderingFailed), ctx.Message.SessionId))); });
        Event(() => Reviewed, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(Reviewed), ctx.Message.SessionId))); });
        Event(() => Persisted, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(Persisted), ctx.Message.SessionId))); });
        Event(() => PersistenceFailed, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(PersistenceFailed), ctx.Message.SessionId))); });
        Event(() => Started, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(Started), ctx.Message.SessionId))); });
        Event(() => TimedOut, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(TimedOut), ctx.Message.SessionId))); });
        Event(() => MessageFaulted, x => { x.CorrelateById(m => m.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(MessageFaulted), ctx.Message.SessionId))); });
        Event(() => GenerateFaulted, x => { x.CorrelateById(m => m.Message.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(GenerateFaulted), ctx.Message.Message.SessionId))); });
        Event(() => RenderFaulted, x => { x.CorrelateById(m => m.Message.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(RenderFaulted), ctx.Message.Message.SessionId))); });
        Event(() => ReviewFaulted, x => { x.CorrelateById(m => m.Message.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(ReviewFaulted), ctx.Message.Message.SessionId))); });
        Event(() => PersistFaulted, x => { x.CorrelateById(m => m.Message.Message.SessionId); x.OnMissingInstance(m => m.ExecuteAsync(ctx => Orphan(checks, ctx, nameof(PersistFaulted), ctx.Message.Message.SessionId))); });
        Event(() => StatusRequested, x =>
        {
            x.CorrelateById(m => m.Message.SessionId);
            x.OnMissingInstance(m => m.ExecuteAsync(ctx => ctx.RespondAsync(new SessionNotFound(ctx.Message.SessionId))));
            x.ReadOnly = true;
        });

        // Stale replies (an earlier attempt, a redelivery after the session moved on) are expected; drop them.
        OnUnhandledEvent(x => x.Ignore());

        Initially(
            // A SubmitPrompt published straight to the bus gets the same rules as the API and the CLI (RequestRules): a
            // refused one is stored only as a bounded, escaped record and ends Rejected with the rule's reason.
            When(Submitted)
                .IfElse(ctx => Refusal(ctx.Message) is not null,
                    refused => refused
                        .Then(ctx =>
                        {
                            var now = DateTime.UtcNow;
                            var s = ctx.Saga;
                            var m = ctx.Message;
                            s.Prompt = RequestRules.Sanitise(m.Prompt, RequestRules.MaxRecordedPromptLength);
                            s.BatchId = RequestRules.BatchId(m.BatchId) is null ? m.BatchId : null;
                            s.SubmittedAt = now;
                            s.MaxAttempts = Math.Max(1, settings.MaxAttempts);
                            s.Stage = "submitted";
                            s.StageStartedAt = now;
                            Finish(s, "rejected", "the submission was refused: " + Refusal(m));
                        })
                        .TransitionTo(Rejected)
                        .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Rejected)),
                    accepted => accepted
                        .Then(ctx =>
                        {
                            var now = DateTime.UtcNow;
                            var s = ctx.Saga;
                            s.Prompt = ctx.Message.Prompt;
                            s.Seed = ctx.Message.Seed ?? 0;
                            // Unset stays unset: the generator then takes the prompt's own count ("10 variations of …")
                            // or its default; an explicit 0 means the canonical model alone.
                            s.Variants = ctx.Message.Variants;
                            s.BatchId = ctx.Message.BatchId;
                            s.Spec = ctx.Message.Spec;
                            // A producer's clock is not trusted beyond a few minutes ahead.
                            s.SubmittedAt = ctx.Message.SubmittedAt == default || ctx.Message.SubmittedAt > now.AddMinutes(5)
                                ? now : ctx.Message.SubmittedAt;
                            s.MaxAttempts = Math.Max(1, settings.MaxAttempts);
                            s.Attempt = 1;
                            s.Stage = "submitted";
                            s.StageStartedAt = now;
                            s.Complete("prompt received; generation requested (attempt 1)", "received", now);
                            s.EnterStage("planning", now, queueTimeout);
                        })
                        .TransitionTo(Generating)
                        .Publish(ctx => RequestGeneration(ctx.Saga), ctx => ctx.TimeToLive = queueTimeout)));

        During(Generating,
            When(Generated, ctx => checks.Generated(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx =>
                {
                    var s = ctx.Saga;
                    var m = ctx.Message;
                    s.Family = m.Family;
                    s.GeneratedSeed = m.Seed;
                    s.ScriptAddress = m.Script;
                    s.ModelAddress = m.Model;
                    s.VariantAddresses = m.Variants.Select(v => new VariantEntry { Seed = v.Seed, Model = v.Model, Sha256 = v.Sha256 }).ToList();
                    s.DefinitionAddress = m.Definition;
                    s.ValidationAddress = m.ValidationReport;
                    s.TrajectoryAddress = m.ReferenceTrajectory;
                    s.AnimationAddress = null;
                    s.ValidationSummary = m.ValidationSummary;
                    s.Difficulty = m.Difficulty;
                    var now = DateTime.UtcNow;
                    // Generation reported the validation's end already (a progress checkpoint) unless that report was lost.
                    if (s.Checkpoints.LastOrDefault() is not { Stage: "validating" } last || last.Attempt != s.Attempt)
                    {
                        s.Stage = "validating";
                        s.Complete($"scenario '{m.Family}' validated: {m.ValidationSummary}", "done", now);
                    }
                    s.EnterStage("rendering", now, queueTimeout);
                })
                .TransitionTo(Rendering)
                .Publish(ctx => RequestRendering(ctx.Saga, ctx.Message.PayloadBody), ctx => ctx.TimeToLive = queueTimeout),
            When(GenerationFailed, ctx => checks.GenerationFailed(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .IfElse(ctx => ctx.Message.Rejected,
                    rejected => rejected
                        .Then(ctx => Finish(ctx.Saga, "rejected", ctx.Message.Reason))
                        .TransitionTo(Rejected)
                        .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Rejected)),
                    failed => failed
                        .Then(ctx => Finish(ctx.Saga, "failed", ctx.Message.Reason))
                        .TransitionTo(Failed)
                        .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed))),
            When(GenerateFaulted, ctx => checks.Fault(ctx.Saga, nameof(GenerateScenario), ctx.Message.Message.Attempt, ctx.Message.Message.Nonce, ctx.SourceAddress))
                .Then(ctx => Finish(ctx.Saga, "failed", "generation faulted: " + FaultText(ctx.Message)))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)));

        During(Rendering,
            When(Rendered, ctx => checks.Rendered(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx =>
                {
                    ctx.Saga.PreviewBundleAddress = ctx.Message.PreviewBundle;
                    ctx.Saga.ContactSheetAddress = ctx.Message.ContactSheet;
                    ctx.Saga.AnimationAddress = ctx.Message.Animation;
                    var now = DateTime.UtcNow;
                    ctx.Saga.Complete($"{ctx.Message.ViewCount} views rendered", "done", now);
                    ctx.Saga.EnterStage("reviewing", now, queueTimeout);
                })
                .TransitionTo(Reviewing)
                .Publish(ctx => RequestReview(ctx.Saga), ctx => ctx.TimeToLive = queueTimeout),
            When(RenderingFailed, ctx => checks.RenderingFailed(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx => Finish(ctx.Saga, "failed", "rendering failed: " + ctx.Message.Reason))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)),
            When(RenderFaulted, ctx => checks.Fault(ctx.Saga, nameof(RenderScenario), ctx.Message.Message.Attempt, ctx.Message.Message.Nonce, ctx.SourceAddress))
                .Then(ctx => Finish(ctx.Saga, "failed", "rendering faulted: " + FaultText(ctx.Message)))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)));

        During(Reviewing,
            When(Reviewed, ctx => checks.Reviewed(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .IfElse(ctx => ctx.Message.Approved,
                    approved => approved
                        .Then(ctx =>
                        {
                            ctx.Saga.BenchmarkId = BenchmarkIds.For(ctx.Saga.CorrelationId);
                            var now = DateTime.UtcNow;
                            ctx.Saga.Complete("review approved: " + ctx.Message.Feedback, "approved", now);
                            ctx.Saga.EnterStage("persisting", now, queueTimeout);
                        })
                        .TransitionTo(Persisting)
                        .Publish(ctx => RequestPersistence(ctx.Saga), ctx => ctx.TimeToLive = queueTimeout),
                    notApproved => notApproved
                        .IfElse(ctx => ctx.Saga.Attempt < ctx.Saga.MaxAttempts,
                            retry => retry
                                .Then(ctx =>
                                {
                                    var s = ctx.Saga;
                                    var now = DateTime.UtcNow;
                                    s.Complete($"review rejected: {ctx.Message.Feedback}; generating again (attempt {s.Attempt + 1}) with the feedback", "rejected", now);
                                    s.ReviewFeedback = ctx.Message.Feedback;
                                    s.Attempt++;
                                    s.EnterStage("planning", now, queueTimeout);
                                })
                                .TransitionTo(Generating)
                                .Publish(ctx => RequestGeneration(ctx.Saga), ctx => ctx.TimeToLive = queueTimeout),
                            last => last
                                .Then(ctx => Finish(ctx.Saga, "rejected",
                                    $"review rejected all {ctx.Saga.MaxAttempts} attempts; last feedback: {ctx.Message.Feedback}"))
                                .TransitionTo(Rejected)
                                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Rejected)))),
            When(ReviewFaulted, ctx => checks.Fault(ctx.Saga, nameof(ReviewScenario), ctx.Message.Message.Attempt, ctx.Message.Message.Nonce, ctx.SourceAddress))
                .Then(ctx => Finish(ctx.Saga, "failed", "review faulted: " + FaultText(ctx.Message)))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)));

        During(Persisting,
            When(Persisted, ctx => checks.Persisted(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx =>
                {
                    var s = ctx.Saga;
                    var u = ctx.Message.Urls;
                    s.BenchmarkId = ctx.Message.BenchmarkId;
                    s.AssetUrl = u.Asset;
                    s.AssetUrls = new AssetUrlsEntry
                    {
                        Asset = u.Asset, Script = u.Script, Model = u.Model, Variants = u.Variants.ToList(),
                        Previews = u.Previews, ContactSheet = u.ContactSheet, Definition = u.Definition, Validation = u.Validation,
                        Animation = u.Animation,
                    };
                    Finish(s, "done", $"benchmark {ctx.Message.BenchmarkId} stored at {u.Asset}");
                })
                .TransitionTo(Accepted)
                .Publish(ctx => new GenerationSessionCompleted(ctx.Saga.CorrelationId, ctx.Saga.BatchId, ctx.Saga.BenchmarkId!,
                    ctx.Message.Urls, ctx.Saga.FinishedAt!.Value)),
            When(PersistenceFailed, ctx => checks.PersistenceFailed(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx => Finish(ctx.Saga, "failed", "persistence failed: " + ctx.Message.Reason))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)),
            When(PersistFaulted, ctx => checks.Fault(ctx.Saga, nameof(PersistAsset), null, ctx.Message.Message.Nonce, ctx.SourceAddress))
                .Then(ctx => Finish(ctx.Saga, "failed", "persistence faulted: " + FaultText(ctx.Message)))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)));

        During(Generating, Rendering, Reviewing, Persisting,
            When(TimedOut, ctx => ctx.Message.State == ctx.Saga.CurrentState)
                .Then(ctx =>
                {
                    var s = ctx.Saga;
                    s.FailureReason = $"timed out in {s.CurrentState} (stage '{s.Stage}') after {settings.StageTimeoutSeconds} s";
                    s.Finish("timed out", s.FailureReason, DateTime.UtcNow);
                    s.Stage = "failed";
                })
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)));

        During(Generating, Rendering, Reviewing, Persisting,
            When(MessageFaulted)
                .Then(ctx => Finish(ctx.Saga, "failed",
                    $"a message for this session could not be processed on {ctx.Message.Endpoint} and was moved to its error queue: {ctx.Message.Reason}"))
                .TransitionTo(Failed)
                .Publish(ctx => Ended(ctx.Saga, GenerationSessionStates.Failed)));

        During(Generating,
            When(Progressed, ctx => checks.Progressed(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx =>
                {
                    // Generation reports a step when it has finished it: planning, then coding, then validating (the
                    // script's runs, then the simulations). The checkpoint names that step and how long it took.
                    var s = ctx.Saga;
                    var m = ctx.Message;
                    var now = DateTime.UtcNow;
                    var at = m.At > s.StageStartedAt && m.At <= now ? m.At : now;
                    s.Stage = m.Stage;
                    s.Complete(m.Message, "done", at);
                    s.EnterStage(m.Stage switch { "planning" => "coding", "coding" => "validating", _ => m.Stage }, at, stageTimeout);
                }));

        During(Generating, Rendering, Reviewing, Persisting,
            When(Started, ctx => checks.StageStarted(ctx.Saga, ctx.Message, ctx.SourceAddress))
                .Then(ctx =>
                {
                    // The worker took the request: the stage's deadline counts from now (its clock, if not in the future).
                    var now = DateTime.UtcNow;
                    var at = ctx.Message.At > ctx.Saga.StageStartedAt && ctx.Message.At <= now ? ctx.Message.At : now;
                    ctx.Saga.DeadlineAt = at + stageTimeout;
                    ctx.Saga.UpdatedAt = now;
                }));

        DuringAny(
            When(StatusRequested)
                .Respond(ctx => SessionStatusMapper.ToStatus(ctx.Saga)));
    }

    public State Generating { get; private set; } = null!;
    public State Rendering { get; private set; } = null!;
    public State Reviewing { get; private set; } = null!;
    public State Persisting { get; private set; } = null!;
    public State Accepted { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<SubmitPrompt> Submitted { get; private set; } = null!;
    public Event<GenerationProgressed> Progressed { get; private set; } = null!;
    public Event<ScenarioGenerated> Generated { get; private set; } = null!;
    public Event<GenerationFailed> GenerationFailed { get; private set; } = null!;
    public Event<ScenarioRendered> Rendered { get; private set; } = null!;
    public Event<RenderingFailed> RenderingFailed { get; private set; } = null!;
    public Event<ScenarioReviewed> Reviewed { get; private set; } = null!;
    public Event<AssetPersisted> Persisted { get; private set; } = null!;
    public Event<PersistenceFailed> PersistenceFailed { get; private set; } = null!;
    public Event<StageStarted> Started { get; private set; } = null!;
    public Event<SessionTimedOut> TimedOut { get; private set; } = null!;
    public Event<SessionMessageFaulted> MessageFaulted { get; private set; } = null!;
    public Event<Fault<GenerateScenario>> GenerateFaulted { get; private set; } = null!;
    public Event<Fault<RenderScenario>> RenderFaulted { get; private set; } = null!;
    public Event<Fault<ReviewScenario>> ReviewFaulted { get; private set; } = null!;
    public Event<Fault<PersistAsset>> PersistFaulted { get; private set; } = null!;
    public Event<GetSessionStatus> StatusRequested { get; private set; } = null!;

    static Task Orphan(SessionReplyChecks checks, ConsumeContext context, string reply, Guid sessionId)
    {
        checks.Orphan(reply, sessionId, context.SourceAddress);
        return Task.CompletedTask;
    }

    /// <summary>Why a submission is refused (the shared rule set), or null.</summary>
    static string? Refusal(SubmitPrompt m) =>
        RequestRules.Submission(m.SessionId, m.Prompt, m.Seed, m.Variants, m.BatchId, m.Spec);

    // Each request builder draws the request's nonce (saved with the session before the outbox sends the request).
    static GenerateScenario RequestGeneration(GenerationSession s) =>
        new(s.CorrelationId, s.Prompt, s.Seed, s.Variants, s.Attempt, s.ReviewFeedback, s.Spec, s.RequestNonce = SessionReplyChecks.NewNonce());

    static RenderScenario RequestRendering(GenerationSession s, string payloadBody) =>
        new(s.CorrelationId, s.Attempt, s.ModelAddress!, payloadBody, s.RequestNonce = SessionReplyChecks.NewNonce(), s.TrajectoryAddress);

    static ReviewScenario RequestReview(GenerationSession s) =>
        new(s.CorrelationId, s.Attempt, s.Prompt, s.Family!, s.PreviewBundleAddress!, s.ContactSheetAddress!, s.DefinitionAddress!,
            s.RequestNonce = SessionReplyChecks.NewNonce());

    static PersistAsset RequestPersistence(GenerationSession s) =>
        new(s.CorrelationId, s.BenchmarkId!, s.Prompt, s.Family!, s.GeneratedSeed, s.BatchId,
            s.ScriptAddress!, s.ModelAddress!,
            s.VariantAddresses.Select(v => new ModelVariant(v.Seed, v.Model, v.Sha256)).ToList(),
            s.PreviewBundleAddress!, s.ContactSheetAddress!, s.DefinitionAddress!, s.ValidationAddress!,
            s.ValidationSummary ?? "", s.Difficulty, s.RequestNonce = SessionReplyChecks.NewNonce(), s.AnimationAddress);

    static void Finish(GenerationSession s, string stage, string reason)
    {
        if (stage != "done")
        {
            s.FailureReason = reason;
        }

        s.Finish(stage, reason, DateTime.UtcNow);
    }

    static GenerationSessionFailed Ended(GenerationSession s, string state) =>
        new(s.CorrelationId, s.BatchId, state, s.FailureReason ?? state, s.FinishedAt ?? DateTime.UtcNow);

    static string FaultText<T>(Fault<T> fault) =>
        fault.Exceptions.Length == 0
            ? "unknown error"
            : string.Join("; ", fault.Exceptions.Select(e => $"{e.ExceptionType}: {e.Message}"));
}
