namespace Benchgen.Contracts;

/// <summary>A producer asks for a benchmark. Starts a GenerationSession saga keyed by <paramref name="SessionId"/>.</summary>
public record SubmitPrompt(
    Guid SessionId,
    string Prompt,
    int? Seed,
    int? Variants,
    Guid? BatchId,
    DateTime SubmittedAt);
