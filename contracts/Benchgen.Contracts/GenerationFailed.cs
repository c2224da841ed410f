namespace Benchgen.Contracts;

/// <summary>
/// Generation gave up. <paramref name="Rejected"/> is true when the prompt or the produced scenario is not
/// acceptable (unsupported prompt, validation failed); false for an infrastructure fault.
/// </summary>
public record GenerationFailed(
    Guid SessionId,
    int Attempt,
    bool Rejected,
    string Reason,
    Guid Nonce = default);
