namespace Benchgen.Contracts;

/// <summary>
/// A message of the session could not be processed and was moved to an <c>_error</c> queue (malformed body,
/// unknown type, or a consumer that kept failing). Published by the error pipe of every Benchgen endpoint.
/// </summary>
public record SessionMessageFaulted(
    Guid SessionId,
    string Endpoint,
    string Reason,
    DateTime At);
