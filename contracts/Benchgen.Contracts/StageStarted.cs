namespace Benchgen.Contracts;

/// <summary>
/// A worker took a stage's request off its queue and starts on it (issue 11, fault 6): the stage's deadline counts from
/// <see cref="At"/>, not from when the saga published the request. <see cref="Stage"/> is generating | rendering |
/// reviewing | persisting; <see cref="Nonce"/> echoes the request's.
/// </summary>
public record StageStarted(
    Guid SessionId,
    string Stage,
    int Attempt,
    DateTime At,
    Guid Nonce);
