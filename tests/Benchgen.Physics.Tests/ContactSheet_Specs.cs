namespace Benchgen.Physics.Tests;

public class Composing_a_contact_sheet
{
    [Fact]
    public void Should_tile_24_views_into_three_rows_of_eight_with_separators()
    {
        var views = Enumerable.Range(0, 24).Select(i => Solid(640, 480, (byte)(i * 10))).ToList();

        var sheet = ContactSheet.Compose(views, columns: 8, thumbWidth: 160);

        Assert.Equal(8 * 160 + 9 * ContactSheet.Separator, sheet.Width);
        Assert.Equal(3 * 120 + 4 * ContactSheet.Separator, sheet.Height);
        Assert.Equal(sheet.Width * sheet.Height * 3, sheet.Pixels.Length);
        // thumbnail 9 (row 1, column 1) keeps its colour; the corner is separator
        Assert.Equal(90, Pixel(sheet, ContactSheet.Separator * 2 + 160 + 80, ContactSheet.Separator * 2 + 120 + 60));
        Assert.Equal(32, Pixel(sheet, 0, 0));
    }

    [Fact]
    public void Should_average_pixels_when_downscaling()
    {
        // 2x2 checkerboard of black and white shrinks to mid grey
        var pixels = new byte[4 * 4 * 3];
        for (var y = 0; y < 4; y++)
        for (var x = 0; x < 4; x++)
            if ((x + y) % 2 == 0) pixels.AsSpan((y * 4 + x) * 3, 3).Fill(255);
        var sheet = ContactSheet.Compose([new RgbImage(4, 4, pixels)], columns: 8, thumbWidth: 2);

        Assert.Equal(2 + 2 * ContactSheet.Separator, sheet.Width);
        Assert.Equal(127, Pixel(sheet, ContactSheet.Separator, ContactSheet.Separator));
    }

    [Fact]
    public void Should_use_fewer_columns_when_there_are_fewer_views()
    {
        var sheet = ContactSheet.Compose([Solid(100, 50, 1), Solid(100, 50, 2), Solid(100, 50, 3)], columns: 8, thumbWidth: 40);
        Assert.Equal(3 * 40 + 4 * ContactSheet.Separator, sheet.Width);
        Assert.Equal(20 + 2 * ContactSheet.Separator, sheet.Height);
    }

    private static RgbImage Solid(int w, int h, byte shade)
    {
        var pixels = new byte[w * h * 3];
        Array.Fill(pixels, shade);
        return new RgbImage(w, h, pixels);
    }

    private static byte Pixel(RgbImage image, int x, int y) => image.Pixels[(y * image.Width + x) * 3];
}
