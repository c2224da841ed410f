namespace Benchgen.Contracts;

/// <summary>
/// The saga asks Generation for a (new) attempt. <paramref name="ReviewFeedback"/> carries the reviewer's reasons on a
/// retry; <paramref name="Variants"/> is null when the producer named no count (the prompt's own count, else the
/// generator's default), 0 for the canonical model alone; <paramref name="Spec"/> the session's TaskSpec JSON when the producer submitted one (every attempt carries it).
/// </summary>
public record GenerateScenario(
    Guid SessionId,
    string Prompt,
    int Seed,
    int? Variants,
    int Attempt,
    string? ReviewFeedback,
    string? Spec = null,
    Guid Nonce = default);
