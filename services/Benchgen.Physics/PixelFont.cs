namespace Benchgen.Physics;

/// <summary>
/// A 5×7 bitmap font (upper-case Latin letters, digits and a little punctuation) for labels burnt into pictures:
/// view names and the legend on a contact sheet. No font files, no text engine: each glyph is seven rows of five bits.
/// </summary>
public static class PixelFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7, Advance = 6;

    private static readonly Dictionary<char, byte[]> Glyphs = new()
    {
        ['A'] = [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
        ['B'] = [0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110],
        ['C'] = [0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110],
        ['D'] = [0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110],
        ['E'] = [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111],
        ['F'] = [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000],
        ['G'] = [0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111],
        ['H'] = [0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
        ['I'] = [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        ['J'] = [0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100],
        ['K'] = [0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001],
        ['L'] = [0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111],
        ['M'] = [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001],
        ['N'] = [0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001],
        ['O'] = [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
        ['P'] = [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000],
        ['Q'] = [0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101],
        ['R'] = [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],
        ['S'] = [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],
        ['T'] = [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100],
        ['U'] = [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
        ['V'] = [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100],
        ['W'] = [0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010],
        ['X'] = [0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001],
        ['Y'] = [0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100],
        ['Z'] = [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111],
        ['0'] = [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
        ['1'] = [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        ['2'] = [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
        ['3'] = [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],
        ['4'] = [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
        ['5'] = [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
        ['6'] = [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
        ['7'] = [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
        ['8'] = [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
        ['9'] = [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
        [' '] = [0, 0, 0, 0, 0, 0, 0],
        ['-'] = [0, 0, 0, 0b11111, 0, 0, 0],
        ['.'] = [0, 0, 0, 0, 0, 0b01100, 0b01100],
        [':'] = [0, 0b01100, 0b01100, 0, 0b01100, 0b01100, 0],
        ['/'] = [0b00001, 0b00010, 0b00010, 0b00100, 0b01000, 0b01000, 0b10000],
        ['('] = [0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010],
        [')'] = [0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000],
        ['%'] = [0b11000, 0b11001, 0b00010, 0b00100, 0b01000, 0b10011, 0b00011],
        ['?'] = [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0, 0b00100],
    };

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale = 1) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>
    /// Draws <paramref name="text"/> (upper-cased; characters without a glyph as '?') with its top-left corner at (x, y)
    /// into an RGB buffer of the given width; pixels outside the buffer are skipped.
    /// </summary>
    public static void Draw(byte[] rgb, int width, int height, int x, int y, string text, (byte R, byte G, byte B) colour, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(text);
        var pen = x;
        foreach (var raw in text)
        {
            var c = char.ToUpperInvariant(raw);
            var glyph = Glyphs.TryGetValue(c, out var g) ? g : Glyphs['?'];
            for (var row = 0; row < GlyphHeight; row++)
            for (var col = 0; col < GlyphWidth; col++)
            {
                if ((glyph[row] & (1 << (GlyphWidth - 1 - col))) == 0) continue;
                for (var sy = 0; sy < scale; sy++)
                for (var sx = 0; sx < scale; sx++)
                    Blend(rgb, width, height, pen + col * scale + sx, y + row * scale + sy, colour, 1);
            }
            pen += Advance * scale;
        }
    }

    /// <summary>Fills a rectangle, mixing <paramref name="alpha"/> of the colour over what is there.</summary>
    public static void FillRect(byte[] rgb, int width, int height, int x, int y, int w, int h, (byte R, byte G, byte B) colour, double alpha)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(height, y + h); yy++)
        for (var xx = Math.Max(0, x); xx < Math.Min(width, x + w); xx++)
            Blend(rgb, width, height, xx, yy, colour, alpha);
    }

    internal static void Blend(byte[] rgb, int width, int height, int x, int y, (byte R, byte G, byte B) colour, double alpha)
    {
        if ((uint)x >= (uint)width || (uint)y >= (uint)height) return;
        var i = (y * width + x) * 3;
        rgb[i] = (byte)Math.Round(rgb[i] + (colour.R - rgb[i]) * alpha);
        rgb[i + 1] = (byte)Math.Round(rgb[i + 1] + (colour.G - rgb[i + 1]) * alpha);
        rgb[i + 2] = (byte)Math.Round(rgb[i + 2] + (colour.B - rgb[i + 2]) * alpha);
    }
}
