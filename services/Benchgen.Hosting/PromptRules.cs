namespace Benchgen.Hosting;

/// <summary>What every entry point (CLI, HTTP API, bus) accepts as a prompt; part of <see cref="RequestRules"/>.</summary>
public static class PromptRules
{
    public const int MaxLength = 2000;

    /// <summary>Null when the prompt is acceptable, else the reason it is not.</summary>
    public static string? Problem(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return "the prompt is empty";
        }

        if (prompt.Length > MaxLength)
        {
            return $"the prompt has {prompt.Length} characters; the limit is {MaxLength}";
        }

        if (prompt.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return "the prompt contains control characters; it must be plain text";
        }

        for (var i = 0; i < prompt.Length; i++)
        {
            if (char.IsHighSurrogate(prompt[i]) && i + 1 < prompt.Length && char.IsLowSurrogate(prompt[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(prompt[i]))
            {
                return "the prompt is not valid Unicode text (an unpaired surrogate); it must be plain text";
            }
        }

        return null;
    }
}
