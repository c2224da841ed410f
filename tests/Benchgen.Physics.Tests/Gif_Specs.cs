namespace Benchgen.Physics.Tests;

public class Encoding_an_animation
{
    // A GIF reader just deep enough to check the encoder: frames, delays and the LZW-coded palette indices.
    private static (int Width, int Height, List<int> Delays, List<byte[]> Frames) Decode(byte[] gif)
    {
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(gif, 0, 6));
        int width = gif[6] | gif[7] << 8, height = gif[8] | gif[9] << 8;
        var pos = 13 + ((gif[10] & 0x80) != 0 ? 3 * (2 << (gif[10] & 7)) : 0);
        var delays = new List<int>();
        var frames = new List<byte[]>();
        while (gif[pos] != 0x3B)
        {
            if (gif[pos] == 0x21)
            {
                if (gif[pos + 1] == 0xF9) delays.Add(gif[pos + 4] | gif[pos + 5] << 8);
                pos += 2;
                while (gif[pos] != 0) pos += gif[pos] + 1;
                pos++;
                continue;
            }
            Assert.Equal(0x2C, gif[pos]);
            pos += 10;
            var minCodeSize = gif[pos++];
            var data = new List<byte>();
            while (gif[pos] != 0) { data.AddRange(gif.AsSpan(pos + 1, gif[pos]).ToArray()); pos += gif[pos] + 1; }
            pos++;
            frames.Add(Lzw(data.ToArray(), minCodeSize, width * height));
        }
        return (width, height, delays, frames);
    }

    private static byte[] Lzw(byte[] data, int minCodeSize, int count)
    {
        int clear = 1 << minCodeSize, end = clear + 1, codeSize = minCodeSize + 1, bit = 0;
        var dict = new List<byte[]>();
        void Reset() { dict.Clear(); for (var i = 0; i < clear + 2; i++) dict.Add([(byte)i]); codeSize = minCodeSize + 1; }
        Reset();
        var output = new List<byte>();
        byte[]? previous = null;
        while (true)
        {
            var code = 0;
            for (var i = 0; i < codeSize; i++, bit++) code |= ((data[bit >> 3] >> (bit & 7)) & 1) << i;
            if (code == clear) { Reset(); previous = null; continue; }
            if (code == end) break;
            byte[] entry = code < dict.Count ? dict[code] : [.. previous!, previous![0]];
            if (previous is not null && dict.Count < 4096) dict.Add([.. previous, entry[0]]);
            if (dict.Count == 1 << codeSize && codeSize < 12) codeSize++;
            output.AddRange(entry);
            previous = entry;
        }
        Assert.Equal(count, output.Count);
        return output.ToArray();
    }

    [Fact]
    public void Should_hold_every_frame_losslessly_in_the_colour_cube()
    {
        // Noise-like frames make the LZW table fill and clear, the hard path of the encoder.
        var random = new Random(7);
        var frames = Enumerable.Range(0, 5).Select(_ =>
        {
            var px = new byte[97 * 61 * 3];
            random.NextBytes(px);
            return new RgbImage(97, 61, px);
        }).ToList();

        var gif = Gif.Encode(frames, delayCentiseconds: 5);
        var (width, height, delays, decoded) = Decode(gif);

        Assert.Equal((97, 61), (width, height));
        Assert.Equal([5, 5, 5, 5, 5], delays);
        Assert.Equal(5, decoded.Count);
        for (var f = 0; f < 5; f++)
        for (var i = 0; i < 97 * 61; i++)
        {
            var p = frames[f].Pixels;
            Assert.Equal(Gif.Index(p[3 * i], p[3 * i + 1], p[3 * i + 2]), decoded[f][i]);
        }
        Assert.Equal(gif, Gif.Encode(frames, delayCentiseconds: 5)); // deterministic
    }

    [Fact]
    public void Should_map_colours_to_the_nearest_cube_entry()
    {
        Assert.Equal(((byte)255, (byte)255, (byte)255), Gif.PaletteColour(Gif.Index(250, 250, 250)));
        Assert.Equal(((byte)0, (byte)0, (byte)0), Gif.PaletteColour(Gif.Index(3, 3, 3)));
        var (r, g, b) = Gif.PaletteColour(Gif.Index(230, 45, 45));
        Assert.True(r > 200 && g < 60 && b < 60);
        Assert.Throws<ArgumentException>(() => Gif.Encode([new RgbImage(2, 2, new byte[12]), new RgbImage(3, 2, new byte[18])]));
    }

    private static (byte R, byte G, byte B) Entry(byte[] gif, int index) => (gif[13 + 3 * index], gif[14 + 3 * index], gif[15 + 3 * index]);

    [Fact]
    public void Should_hold_up_to_256_colours_exactly_with_the_adaptive_palette()
    {
        // 200 distinct colours, two of them light greys the fixed cube would tint (215,215,215 becomes 204,212,204).
        var colours = Enumerable.Range(0, 198).Select(i => ((byte)(i * 37 % 256), (byte)(i * 11 % 256), (byte)(i * 5 % 256)))
            .Append(((byte)215, (byte)215, (byte)215)).Append(((byte)190, (byte)192, (byte)196)).Distinct().ToArray();
        var frames = Enumerable.Range(0, 3).Select(f =>
        {
            var px = new byte[40 * 30 * 3];
            for (var i = 0; i < 40 * 30; i++)
                (px[3 * i], px[3 * i + 1], px[3 * i + 2]) = colours[(i * 7 + f * 13) % colours.Length];
            return new RgbImage(40, 30, px);
        }).ToList();

        var gif = Gif.EncodeAdaptive(frames, delayCentiseconds: 4);
        var (width, height, delays, decoded) = Decode(gif);

        Assert.Equal((40, 30), (width, height));
        Assert.Equal([4, 4, 4], delays);
        for (var f = 0; f < 3; f++)
        for (var i = 0; i < 40 * 30; i++)
        {
            var p = frames[f].Pixels;
            Assert.Equal((p[3 * i], p[3 * i + 1], p[3 * i + 2]), Entry(gif, decoded[f][i]));
        }
        Assert.Equal(gif, Gif.EncodeAdaptive(frames, delayCentiseconds: 4)); // deterministic
    }

    [Fact]
    public void Should_keep_more_colours_than_the_palette_close_to_what_they_were()
    {
        // A smooth gradient of ~4,000 colours: each pixel ends within a few levels of its own colour (the fixed cube: up to 25).
        var px = new byte[64 * 64 * 3];
        for (var y = 0; y < 64; y++)
        for (var x = 0; x < 64; x++)
            (px[3 * (y * 64 + x)], px[3 * (y * 64 + x) + 1], px[3 * (y * 64 + x) + 2]) = ((byte)(x * 4), (byte)(y * 4), (byte)(128 + (x - y)));
        var frame = new RgbImage(64, 64, px);

        var gif = Gif.EncodeAdaptive([frame]);
        var decoded = Decode(gif).Frames[0];

        var worst = 0;
        for (var i = 0; i < 64 * 64; i++)
        {
            var (r, g, b) = Entry(gif, decoded[i]);
            worst = Math.Max(worst, Math.Max(Math.Abs(r - px[3 * i]), Math.Max(Math.Abs(g - px[3 * i + 1]), Math.Abs(b - px[3 * i + 2]))));
        }
        Assert.True(worst <= 12, $"a pixel moved {worst} levels in one channel");
    }
}
