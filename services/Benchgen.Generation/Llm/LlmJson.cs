using System.Text.Json;
using System.Text.Json.Nodes;

namespace Benchgen.Generation.Llm;

/// <summary>Reads the single JSON object a model was asked to reply with.</summary>
public static class LlmJson
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
        var fence = LlmCode.FencedBlocks(text).FirstOrDefault(b => b.Language is "json" or "" && b.Body.TrimStart().StartsWith('{'));
        if (fence is not null) text = fence.Body.Trim();
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
}
