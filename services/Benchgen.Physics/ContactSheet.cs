namespace Benchgen.Physics;

public static class ContactSheet
{
    public const int Separator = 2;
    private const byte SeparatorShade = 32;

    /// <summary>
    /// Tiles the views into a grid of <paramref name="columns"/> thumbnails, each <paramref name="thumbWidth"/> wide
    /// (height keeps the first view's aspect), separated by thin dark lines.
    /// </summary>
    /// <summary>The legend of a benchmark's contact sheet: what each outline colour of <see cref="ZoneOverlay"/> means.</summary>
    public static readonly IReadOnlyList<(string Text, (byte R, byte G, byte B) Colour)> ZoneLegend =
    [
        ("goal zone", ZoneOverlay.GoalColour),
        ("forbid zone", ZoneOverlay.ForbidColour),
    ];

    private const int LegendHeight = 16;

    /// <remarks>
    /// With <paramref name="labels"/>, each thumbnail carries its label (the view's name) in its top-left corner; with a
    /// <paramref name="legend"/>, a strip under the grid shows a swatch and the text of each entry.
    /// </remarks>
    public static RgbImage Compose(IReadOnlyList<RgbImage> views, int columns = 8, int thumbWidth = 160,
        IReadOnlyList<string>? labels = null, IReadOnlyList<(string Text, (byte R, byte G, byte B) Colour)>? legend = null)
    {
        ArgumentNullException.ThrowIfNull(views);
        if (views.Count == 0) throw new ArgumentException("A contact sheet needs at least one view.", nameof(views));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(thumbWidth, 1);

        var first = views[0];
        var thumbHeight = Math.Max(1, (int)Math.Round((double)thumbWidth * first.Height / first.Width));
        var cols = Math.Min(columns, views.Count);
        var rows = (views.Count + columns - 1) / columns;
        var width = cols * thumbWidth + (cols + 1) * Separator;
        var gridHeight = rows * thumbHeight + (rows + 1) * Separator;
        var height = gridHeight + (legend is { Count: > 0 } ? LegendHeight : 0);

        var sheet = new byte[width * height * 3];
        Array.Fill(sheet, SeparatorShade);
        for (var i = 0; i < views.Count; i++)
        {
            var x0 = Separator + (i % columns) * (thumbWidth + Separator);
            var y0 = Separator + (i / columns) * (thumbHeight + Separator);
            Downscale(views[i], sheet, width, x0, y0, thumbWidth, thumbHeight);
            if (labels is not null && i < labels.Count && labels[i].Length > 0)
            {
                var text = labels[i];
                var w = Math.Min(PixelFont.Measure(text) + 4, thumbWidth);
                PixelFont.FillRect(sheet, width, height, x0, y0, w, PixelFont.GlyphHeight + 4, (0, 0, 0), 0.55);
                PixelFont.Draw(sheet, width, height, x0 + 2, y0 + 2, text, (255, 255, 255));
            }
        }
        if (legend is { Count: > 0 })
        {
            var pen = Separator + 4;
            var top = gridHeight + (LegendHeight - PixelFont.GlyphHeight) / 2;
            foreach (var (text, colour) in legend)
            {
                PixelFont.FillRect(sheet, width, height, pen, top - 1, 12, PixelFont.GlyphHeight + 2, colour, 1);
                pen += 16;
                PixelFont.Draw(sheet, width, height, pen, top, text, (235, 235, 235));
                pen += PixelFont.Measure(text) + 14;
            }
        }
        return new RgbImage(width, height, sheet);
    }

    // Box filter when shrinking (averages every source pixel under the target pixel), nearest when enlarging.
    private static void Downscale(RgbImage src, byte[] dst, int dstStride, int x0, int y0, int w, int h)
    {
        for (var ty = 0; ty < h; ty++)
        {
            var sy0 = (int)((long)ty * src.Height / h);
            var sy1 = Math.Max(sy0 + 1, (int)((long)(ty + 1) * src.Height / h));
            for (var tx = 0; tx < w; tx++)
            {
                var sx0 = (int)((long)tx * src.Width / w);
                var sx1 = Math.Max(sx0 + 1, (int)((long)(tx + 1) * src.Width / w));
                int r = 0, g = 0, b = 0, n = 0;
                for (var sy = sy0; sy < sy1; sy++)
                for (var sx = sx0; sx < sx1; sx++)
                {
                    var s = (sy * src.Width + sx) * 3;
                    r += src.Pixels[s];
                    g += src.Pixels[s + 1];
                    b += src.Pixels[s + 2];
                    n++;
                }
                var d = ((y0 + ty) * dstStride + x0 + tx) * 3;
                dst[d] = (byte)(r / n);
                dst[d + 1] = (byte)(g / n);
                dst[d + 2] = (byte)(b / n);
            }
        }
    }
}
