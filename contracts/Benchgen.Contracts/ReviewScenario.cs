namespace Benchgen.Contracts;

/// <summary>The saga asks the reviewer to look at the rendered views of an attempt.</summary>
public record ReviewScenario(
    Guid SessionId,
    int Attempt,
    string Prompt,
    string Family,
    Uri PreviewBundle,
    Uri ContactSheet,
    Uri Definition,
    Guid Nonce = default);
