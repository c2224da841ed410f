namespace Benchgen.Contracts;

public record PersistenceFailed(
    Guid SessionId,
    string Reason,
    Guid Nonce = default);
