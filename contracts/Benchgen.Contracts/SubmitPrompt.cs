namespace Benchgen.Contracts;

/// <summary>
/// A producer asks for a benchmark. Starts a GenerationSession saga keyed by <paramref name="SessionId"/>.
/// <paramref name="Spec"/> is an approved or edited TaskSpec (JSON, ≤ 64 KB): when present, Generation builds it instead
/// of planning <paramref name="Prompt"/> (the plan-approval loop).
/// </summary>
public record SubmitPrompt(
    Guid SessionId,
    string Prompt,
    int? Seed,
    int? Variants,
    Guid? BatchId,
    DateTime SubmittedAt,
    string? Spec = null);
