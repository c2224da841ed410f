namespace Benchgen.Contracts;

/// <summary>
/// Views are rendered: <paramref name="PreviewBundle"/> is previews.zip (24 PNGs + cameras.json);
/// <paramref name="Animation"/> the reference solution's GIF (present whenever the request carried a trajectory).
/// </summary>
public record ScenarioRendered(
    Guid SessionId,
    int Attempt,
    Uri PreviewBundle,
    Uri ContactSheet,
    int ViewCount,
    Guid Nonce = default,
    Uri? Animation = null);
