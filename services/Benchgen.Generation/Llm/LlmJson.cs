using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Benchgen.Generation.Llm;

/// <summary>Reads the single JSON object a model was asked to reply with.</summary>
public static partial class LlmJson
{
    /// <summary>
    /// The reply's JSON object: the whole reply, or the body of a ```json fence, or the span from the first '{' to the
    /// last '}' (models often wrap JSON in a sentence). The JSON itself is parsed strictly: no comments, no trailing commas.
    /// </summary>
    /// <exception cref="LlmReplyException">No JSON object could be read; the message quotes the start of the reply.</exception>
    public static JsonObject ReadObject(string? reply, string what)
    {
        if (string.IsNullOrWhiteSpace(reply)) throw new LlmReplyException($"The {what} reply is empty; expected one JSON object.");
        var text = reply.Trim();
        var fence = Fence().Matches(text).Select(m => (Language: m.Groups["lang"].Value.Trim().ToLowerInvariant(), Body: m.Groups["body"].Value))
            .FirstOrDefault(b => b.Language is "json" or "" && b.Body.TrimStart().StartsWith('{'));
        if (fence.Body is not null) text = fence.Body.Trim();
        else if (!text.StartsWith('{'))
        {
            var start = text.IndexOf('{');
            var end = text.LastIndexOf('}');
            if (start < 0 || end <= start)
                throw new LlmReplyException($"The {what} reply contains no JSON object. Reply began: {Excerpt(reply)}");
            text = text[start..(end + 1)];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new LlmReplyException($"The {what} reply is JSON but not an object. Reply began: {Excerpt(reply)}");
        }
        catch (JsonException ex)
        {
            throw new LlmReplyException($"The {what} reply is not valid JSON ({ex.Message}). Reply began: {Excerpt(reply)}", ex);
        }
    }

    public static string Excerpt(string? text, int max = 300)
    {
        if (text is null) return "\"\"";
        var flat = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
        return "\"" + (flat.Length <= max ? flat : flat[..max] + "...") + "\"";
    }

    // A fence closes at ``` on its own line; an unterminated fence (reply cut off) runs to the end of the reply.
    [GeneratedRegex(@"```(?<lang>[A-Za-z0-9_+\-]*)[^\S\n]*\n(?<body>.*?)(?:\n[^\S\n]*```|\z)", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
