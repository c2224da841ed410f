using System.Text.RegularExpressions;

namespace Benchgen.Generation.Llm;

/// <summary>Finds the generator script in a coder reply.</summary>
public static partial class LlmCode
{
    public sealed record FencedBlock(string Language, string Body);

    /// <summary>Every ``` fenced block of a reply, with its language tag lower-cased ("" when untagged).</summary>
    public static IReadOnlyList<FencedBlock> FencedBlocks(string reply) =>
        Fence().Matches(reply).Select(m => new FencedBlock(m.Groups["lang"].Value.Trim().ToLowerInvariant(), m.Groups["body"].Value)).ToArray();

    /// <summary>
    /// The Python script of a coder reply: the longest ```python (or untagged) block that defines build(); a reply that
    /// is bare code (no fence, but defines build and definition) is taken whole. Null when the reply has no script.
    /// </summary>
    public static string? ExtractPython(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return null;
        var candidates = FencedBlocks(reply)
            .Where(b => b.Language is "python" or "python3" or "py" or "")
            .Select(b => b.Body)
            .Where(DefinesContract)
            .OrderByDescending(b => b.Length)
            .ToArray();
        if (candidates.Length > 0) return Normalise(candidates[0]);
        return !reply.Contains("```", StringComparison.Ordinal) && DefinesContract(reply) ? Normalise(reply) : null;
    }

    private static bool DefinesContract(string code) => BuildDef().IsMatch(code);

    private static string Normalise(string code) => code.Replace("\r\n", "\n").Trim('\n') + "\n";

    // A fence closes at ``` on its own line; an unterminated fence (reply cut off) runs to the end of the reply.
    [GeneratedRegex(@"```(?<lang>[A-Za-z0-9_+\-]*)[^\S\n]*\n(?<body>.*?)(?:\n[^\S\n]*```|\z)", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^def\s+build\s*\(", RegexOptions.Multiline)]
    private static partial Regex BuildDef();
}
