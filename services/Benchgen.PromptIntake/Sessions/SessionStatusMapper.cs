using Benchgen.Contracts;

namespace Benchgen.PromptIntake.Sessions;

public static class SessionStatusMapper
{
    public static SessionStatus ToStatus(GenerationSession s) => new(
        s.CorrelationId,
        s.CurrentState,
        s.Prompt,
        s.Stage,
        s.Attempt,
        s.BatchId,
        s.SubmittedAt,
        s.UpdatedAt,
        s.FinishedAt,
        s.FailureReason,
        s.BenchmarkId,
        s.AssetUrls is { } u ? new AssetUrls(u.Asset, u.Script, u.Model, u.Variants, u.Previews, u.ContactSheet, u.Definition, u.Validation, u.Animation) : null,
        s.Checkpoints.Select(c => new SessionCheckpoint(c.At, c.Stage, c.Attempt, c.Message, c.StageSeconds, c.Outcome, c.TraceId)).ToList());
}
