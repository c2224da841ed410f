namespace Benchgen.Contracts;

public record RenderingFailed(
    Guid SessionId,
    int Attempt,
    string Reason,
    Guid Nonce = default);
