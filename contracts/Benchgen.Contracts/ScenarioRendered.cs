namespace Benchgen.Contracts;

/// <summary>Views are rendered: <paramref name="PreviewBundle"/> is previews.zip (24 PNGs + cameras.json).</summary>
public record ScenarioRendered(
    Guid SessionId,
    int Attempt,
    Uri PreviewBundle,
    Uri ContactSheet,
    int ViewCount,
    Guid Nonce = default);
