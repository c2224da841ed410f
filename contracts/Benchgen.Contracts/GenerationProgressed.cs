namespace Benchgen.Contracts;

/// <summary>A progress line from Generation: stage is planning | coding | validating | reviewing.</summary>
public record GenerationProgressed(
    Guid SessionId,
    string Stage,
    int Attempt,
    string Message,
    DateTime At,
    Guid Nonce = default);
