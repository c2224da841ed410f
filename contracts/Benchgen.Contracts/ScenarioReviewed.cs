namespace Benchgen.Contracts;

/// <summary>The reviewer's verdict; <paramref name="Feedback"/> names what to fix when not approved.</summary>
public record ScenarioReviewed(
    Guid SessionId,
    int Attempt,
    bool Approved,
    string Feedback,
    Guid Nonce = default);
