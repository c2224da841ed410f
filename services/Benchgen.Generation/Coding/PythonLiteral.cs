using System.Globalization;
using System.Text;

namespace Benchgen.Generation.Coding;

/// <summary>
/// Writes any text as a Python 3 string literal that evaluates back to exactly that text. Everything outside printable
/// ASCII, plus quotes and backslashes, is escaped by code point, so no input can close the literal or start code.
/// </summary>
public static class PythonLiteral
{
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '"') builder.Append("\\\"");
            else if (c == '\\') builder.Append("\\\\");
            else if (c is >= 0x20 and < 0x7f) builder.Append((char)c);
            else if (c < 0x100) builder.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (c < 0x10000) builder.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
        }
        // Lone surrogates are not valid runes; EnumerateRunes yields U+FFFD for them, which keeps the literal valid.
        return builder.Append('"').ToString();
    }
}
