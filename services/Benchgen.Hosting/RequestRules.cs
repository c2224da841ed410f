using System.Globalization;
using System.Text;

namespace Benchgen.Hosting;

/// <summary>
/// What every entry point — the HTTP API, a <c>SubmitPrompt</c> published straight to the bus (the saga), and the CLI —
/// accepts in a request, with one wording per refusal so every door gives the same answer. Each check returns null when
/// the value is acceptable, else the reason.
/// </summary>
public static class RequestRules
{
    /// <summary>The canonical seed: 0 to <see cref="int.MaxValue"/>; unset means 0.</summary>
    public static readonly IntegerRule Seed = new("the seed", 0, int.MaxValue);

    /// <summary>Variant seeds validated besides the canonical one: 0 (one model) to 32; unset means the prompt's own count or the default.</summary>
    public static readonly IntegerRule Variants = new("the variant count", 0, 32);

    /// <summary>How long the CLI waits for its sessions, in seconds.</summary>
    public static readonly IntegerRule TimeoutSeconds = new("the timeout", 1, 86_400);

    /// <summary>Prompts in one batch (API and CLI alike), checked before anything is published.</summary>
    public const int MaxBatchPrompts = 10_000;

    /// <summary>A TaskSpec submitted with a prompt, as UTF-16 characters of JSON (the same bound as the spec reader's).</summary>
    public const int MaxSpecLength = 64 * 1024;

    /// <summary>A JSON body of <c>POST /api/sessions</c> or <c>/api/plans</c>: a 2,000-character prompt and a 64 KB spec fit many times over.</summary>
    public const long MaxRequestBytes = 1024 * 1024;

    /// <summary>A batch body (API) or batch file (CLI): 10,000 prompts of typical length fit; nothing is read past it.</summary>
    public const long MaxBatchBytes = 16 * 1024 * 1024;

    /// <summary>A TaskSpec file read by the CLI (<c>--spec</c>).</summary>
    public const long MaxSpecFileBytes = MaxSpecLength * 4L;

    /// <summary>The prompt kept in a refused session's record: enough to recognise it, never the payload.</summary>
    public const int MaxRecordedPromptLength = 200;

    public static string? Prompt(string? prompt) => PromptRules.Problem(prompt);

    public static string? BatchSize(int prompts) =>
        prompts == 0 ? "the batch has no prompts"
        : prompts > MaxBatchPrompts ? $"the batch has {prompts} prompts; the limit is {MaxBatchPrompts}"
        : null;

    public static string? Spec(string? spec) =>
        spec is null ? null
        : spec.Length > MaxSpecLength ? $"the spec has {spec.Length} characters; the limit is {MaxSpecLength}"
        : string.IsNullOrWhiteSpace(spec) ? "the spec is empty"
        : null;

    public static string? SessionId(Guid id) => id == Guid.Empty ? "the session id is empty (all zeros)" : null;

    public static string? BatchId(Guid? id) => id == Guid.Empty ? "the batch id is empty (all zeros)" : null;

    /// <summary>The whole of one submission, in the order the API checks it: the first problem, or null.</summary>
    public static string? Submission(Guid sessionId, string? prompt, long? seed, long? variants, Guid? batchId, string? spec) =>
        SessionId(sessionId) ?? Prompt(prompt) ?? Seed.Check(seed) ?? Variants.Check(variants) ?? BatchId(batchId) ?? Spec(spec);

    /// <summary>
    /// Text from a request made safe to keep or print: control characters, line and paragraph separators, bidirectional
    /// overrides and unpaired surrogates are shown as <c>\uXXXX</c> (<c>\n</c>, <c>\r</c>, <c>\t</c> as such), and the
    /// result is cut to <paramref name="maxLength"/> characters with the original length noted.
    /// </summary>
    public static string Sanitise(string? text, int maxLength = int.MaxValue)
    {
        if (text is null)
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var cut = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (builder.Length >= maxLength)
            {
                cut = true;
                break;
            }

            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c == '\n')
            {
                builder.Append("\\n");
            }
            else if (c == '\r')
            {
                builder.Append("\\r");
            }
            else if (c == '\t')
            {
                builder.Append("\\t");
            }
            else if (c == '\\')
            {
                builder.Append("\\\\");
            }
            else if (IsUnsafe(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (cut)
        {
            builder.Append($"… ({text.Length} characters)");
        }

        return builder.ToString();
    }

    /// <summary>Characters that must never reach a terminal or a stored record as they are.</summary>
    static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or '\u061c' or '\ufeff'
        || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';
}

/// <summary>A whole number within bounds, with one wording for every entry point.</summary>
public sealed record IntegerRule(string Name, long Min, long Max)
{
    /// <summary>Null for an unset or in-range value, else the reason.</summary>
    public string? Check(long? value) =>
        value is null || (value >= Min && value <= Max) ? null : Problem(value.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The reason, for a value given as <paramref name="given"/> (shown bounded and escaped).</summary>
    public string Problem(string given) =>
        $"{Name} must be a whole number from {Min.ToString(CultureInfo.InvariantCulture)} to {Max.ToString(CultureInfo.InvariantCulture)}; " +
        $"got {RequestRules.Sanitise(given, 40)}";

    /// <summary>Reads a command-line value: null and the number, or the reason (the same as <see cref="Check"/> gives).</summary>
    public string? Parse(string? text, out int? value)
    {
        value = null;
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return Problem(text);
        }

        if (Check(parsed) is { } problem)
        {
            return problem;
        }

        value = checked((int)parsed);
        return null;
    }
}
