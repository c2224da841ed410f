using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// The saga instance ops watch: one per prompt. Holds claim-check addresses, never blobs.
/// Stored as-is in MongoDB (<c>generation_sessions</c>) in distributed mode.
/// </summary>
public class GenerationSession : SagaStateMachineInstance, ISagaVersion
{
    public const int MaxCheckpoints = 64;

    static readonly Histogram<double> StageDuration = SessionReplyChecks.Meter.CreateHistogram<double>("benchgen.sessions.stage.duration", "s",
        "How long each session stage ran, by stage and outcome (one record per checkpoint).");
    static readonly Counter<long> Finished = SessionReplyChecks.Meter.CreateCounter<long>("benchgen.sessions.finished",
        description: "Sessions that ended, by terminal stage (done, rejected, failed).");

    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "Initial";

    public string Prompt { get; set; } = "";
    public int Seed { get; set; }
    /// <summary>Variant seeds besides the canonical one as the producer asked (0–32); null: the prompt's own count or the default.</summary>
    public int? Variants { get; set; }
    public Guid? BatchId { get; set; }

    /// <summary>The TaskSpec JSON the producer submitted (≤ 64 KB, so kept inline); null when the prompt is planned.</summary>
    public string? Spec { get; set; }

    /// <summary>planning | coding | validating | rendering | reviewing | persisting | done.</summary>
    public string Stage { get; set; } = "submitted";
    public int Attempt { get; set; }
    public int MaxAttempts { get; set; }

    public DateTime SubmittedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime StageStartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>When the sweeper may time the session out if it has not moved on.</summary>
    public DateTime? DeadlineAt { get; set; }

    public List<CheckpointEntry> Checkpoints { get; set; } = [];

    public string? FailureReason { get; set; }
    public string? ReviewFeedback { get; set; }

    public string? Family { get; set; }
    public int GeneratedSeed { get; set; }
    public string? ValidationSummary { get; set; }
    public double Difficulty { get; set; }

    // Claim-check addresses (message-data repository URIs) of the current attempt.
    public Uri? ScriptAddress { get; set; }
    public Uri? ModelAddress { get; set; }
    public List<VariantEntry> VariantAddresses { get; set; } = [];
    public Uri? DefinitionAddress { get; set; }
    public Uri? ValidationAddress { get; set; }
    public Uri? PreviewBundleAddress { get; set; }
    public Uri? ContactSheetAddress { get; set; }
    /// <summary>The recorded reference replay Generation sent (null without one) and the animation Rendering drew from it.</summary>
    public Uri? TrajectoryAddress { get; set; }
    public Uri? AnimationAddress { get; set; }

    /// <summary>
    /// The random nonce of the request the session sent last (GenerateScenario, RenderScenario, ReviewScenario,
    /// PersistAsset); a reply is accepted only when it echoes it. Never shown in the session's status.
    /// </summary>
    public Guid RequestNonce { get; set; }

    public string? BenchmarkId { get; set; }
    public string? AssetUrl { get; set; }
    public AssetUrlsEntry? AssetUrls { get; set; }

    /// <summary>The stage that runs from now on (no checkpoint: a checkpoint is written when a stage ends).</summary>
    public void EnterStage(string stage, DateTime now, TimeSpan stageTimeout)
    {
        Stage = stage;
        StageStartedAt = now;
        DeadlineAt = now + stageTimeout;
        UpdatedAt = now;
    }

    /// <summary>
    /// The running stage (or one step of it) ended: a checkpoint names that stage, how long it ran since it started or
    /// since its previous checkpoint, and how it ended (<paramref name="outcome"/>); the next step's clock starts now.
    /// </summary>
    public void Complete(string message, string outcome, DateTime now)
    {
        AddCheckpoint(Stage, message, now, outcome);
        StageStartedAt = now;
    }

    /// <summary>Appends a log line to the bounded checkpoint log (the first entry, the submission, is always kept).</summary>
    public void AddCheckpoint(string stage, string message, DateTime now, string outcome = "done")
    {
        Checkpoints.Add(new CheckpointEntry
        {
            At = now,
            Stage = stage,
            Attempt = Attempt,
            Message = message.Length > 500 ? message[..500] + "…" : message,
            Outcome = outcome,
            StageSeconds = StageStartedAt == default ? 0 : Math.Max(0, Math.Round((now - StageStartedAt).TotalSeconds, 3)),
            // The trace of the message that moved the session (MassTransit's consume span), to find it in a trace viewer.
            TraceId = Activity.Current?.TraceId.ToHexString(),
        });
        StageDuration.Record(Checkpoints[^1].StageSeconds, new("stage", stage), new("outcome", outcome));
        if (Checkpoints.Count > MaxCheckpoints)
        {
            Checkpoints.RemoveAt(1);
        }

        UpdatedAt = now;
    }

    /// <summary>
    /// The session ends: the last checkpoint names the stage that was running and ends it with <paramref name="terminal"/>
    /// (done = accepted, rejected, failed); the session's stage becomes the terminal one.
    /// </summary>
    public void Finish(string terminal, string message, DateTime now)
    {
        Complete(message, terminal == "done" ? "accepted" : terminal, now);
        Stage = terminal;
        FinishedAt = now;
        Finished.Add(1, new KeyValuePair<string, object?>("stage", terminal));
        DeadlineAt = null;
    }
}

public class CheckpointEntry
{
    public DateTime At { get; set; }
    public string Stage { get; set; } = "";
    public int Attempt { get; set; }
    public string Message { get; set; } = "";
    /// <summary>How the stage (or step) ended: received, done, approved, rejected, failed, accepted, timed out.</summary>
    public string Outcome { get; set; } = "done";
    /// <summary>How long the stage named here ran up to this checkpoint, seconds.</summary>
    public double StageSeconds { get; set; }
    /// <summary>W3C trace id of the message handling that wrote the checkpoint; null outside a trace.</summary>
    public string? TraceId { get; set; }
}

public class VariantEntry
{
    public int Seed { get; set; }
    public Uri Model { get; set; } = null!;
    public string Sha256 { get; set; } = "";
}

public class AssetUrlsEntry
{
    public string Asset { get; set; } = "";
    public string Script { get; set; } = "";
    public string Model { get; set; } = "";
    public List<string> Variants { get; set; } = [];
    public string Previews { get; set; } = "";
    public string ContactSheet { get; set; } = "";
    public string Definition { get; set; } = "";
    public string Validation { get; set; } = "";
    public string? Animation { get; set; }
}

public static class GenerationSessionStates
{
    public const string Generating = nameof(Generating);
    public const string Rendering = nameof(Rendering);
    public const string Reviewing = nameof(Reviewing);
    public const string Persisting = nameof(Persisting);
    public const string Accepted = nameof(Accepted);
    public const string Rejected = nameof(Rejected);
    public const string Failed = nameof(Failed);

    public static readonly IReadOnlySet<string> Finished = new HashSet<string> { Accepted, Rejected, Failed };
    public static readonly IReadOnlyList<string> All = [Generating, Rendering, Reviewing, Persisting, Accepted, Rejected, Failed];
}
