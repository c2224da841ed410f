namespace Benchgen.Generation.Coding;

/// <summary>
/// How the coder answers a reviewer's feedback on a retry: the generator script reads these flags and makes the
/// payload bigger and a contrasting colour, or lights the scene more strongly.
/// </summary>
public sealed record ReviewAdjustments(bool EnlargePayload, bool HighlightPayload, bool BrightenScene)
{
    public static readonly ReviewAdjustments None = new(false, false, false);

    public bool Any => EnlargePayload || HighlightPayload || BrightenScene;

    public static ReviewAdjustments FromFeedback(string? feedback)
    {
        if (string.IsNullOrWhiteSpace(feedback)) return None;
        var text = feedback.ToLowerInvariant();
        var payloadHidden = text.Contains("payload", StringComparison.Ordinal) &&
            (text.Contains("hidden", StringComparison.Ordinal) || text.Contains("not visible", StringComparison.Ordinal) ||
             text.Contains("occluded", StringComparison.Ordinal) || text.Contains("too small", StringComparison.Ordinal) ||
             text.Contains("visible in only", StringComparison.Ordinal));
        var dark = text.Contains("blank", StringComparison.Ordinal) || text.Contains("dark", StringComparison.Ordinal) ||
                   text.Contains("low contrast", StringComparison.Ordinal);
        return new ReviewAdjustments(EnlargePayload: payloadHidden, HighlightPayload: payloadHidden || dark, BrightenScene: dark);
    }

    public string Describe() => Any
        ? string.Join(", ", new[]
        {
            EnlargePayload ? "payload enlarged" : null,
            HighlightPayload ? "payload recoloured to a contrasting orange" : null,
            BrightenScene ? "scene lighting raised" : null,
        }.Where(s => s is not null))
        : "no adjustments";
}
