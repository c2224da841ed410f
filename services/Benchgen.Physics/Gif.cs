namespace Benchgen.Physics;

/// <summary>
/// An animated GIF (GIF89a) encoder for short clips of a simulation: one global colour table — a fixed 6×7×6 cube
/// (<see cref="Encode"/>) or one made for the frames by median cut (<see cref="EncodeAdaptive"/>) — the nearest entry per
/// pixel, no dithering (so the same frames always give the same bytes), LZW-compressed frames, a fixed frame delay and
/// endless looping. Written here because nothing in the .NET base library writes GIFs.
/// </summary>
public static class Gif
{
    private const int Reds = 6, Greens = 7, Blues = 6;

    /// <param name="delayCentiseconds">Time each frame shows, in hundredths of a second.</param>
    public static byte[] Encode(IReadOnlyList<RgbImage> frames, int delayCentiseconds = 8)
    {
        Check(frames, delayCentiseconds);
        var palette = new byte[768];
        for (var i = 0; i < 256; i++)
        {
            var (r, g, b) = PaletteColour(i);
            (palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]) = (r, g, b);
        }
        return Write(frames, delayCentiseconds, palette, Index);
    }

    /// <summary>
    /// The same GIF with a palette made for these frames: one global table of up to 256 colours by median cut over the
    /// frames' colours (15-bit bins, weighted by pixel count; boxes split along their longest side, widest box first, at the
    /// weighted median), every bin drawn in its nearest entry. Rendered scenes are mostly a few greys and the objects'
    /// own colours, which the fixed cube shifts visibly (a light grey turns green); this keeps them. No dithering and
    /// every tie broken by order, so the same frames give the same bytes.
    /// </summary>
    public static byte[] EncodeAdaptive(IReadOnlyList<RgbImage> frames, int delayCentiseconds = 8)
    {
        Check(frames, delayCentiseconds);
        const int bins = 1 << 15;
        var count = new long[bins];
        var sums = new long[3 * bins];
        foreach (var frame in frames)
        {
            var p = frame.Pixels;
            for (var i = 0; i + 2 < p.Length; i += 3)
            {
                var key = Bin(p[i], p[i + 1], p[i + 2]);
                count[key]++;
                sums[3 * key] += p[i];
                sums[3 * key + 1] += p[i + 1];
                sums[3 * key + 2] += p[i + 2];
            }
        }

        var used = new List<int>();
        for (var k = 0; k < bins; k++) if (count[k] > 0) used.Add(k);
        var boxes = new List<List<int>> { used };
        while (boxes.Count < 256)
        {
            // The box whose colours spread furthest along one channel (ties: the first) is split next.
            int best = -1, bestRange = 0, bestChannel = 0;
            for (var b = 0; b < boxes.Count; b++)
            {
                if (boxes[b].Count < 2) continue;
                for (var c = 0; c < 3; c++)
                {
                    int min = 31, max = 0;
                    foreach (var key in boxes[b])
                    {
                        var v = Channel(key, c);
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }
                    if (max - min > bestRange) (best, bestRange, bestChannel) = (b, max - min, c);
                }
            }
            if (best < 0) break;
            var box = boxes[best];
            var channel = bestChannel;
            box.Sort((x, y) => Channel(x, channel) != Channel(y, channel) ? Channel(x, channel).CompareTo(Channel(y, channel)) : x.CompareTo(y));
            long total = 0, half = 0;
            foreach (var key in box) total += count[key];
            var cut = 1;
            for (var i = 0; i < box.Count - 1; i++)
            {
                half += count[box[i]];
                cut = i + 1;
                if (2 * half >= total) break;
            }
            // Never split inside one level of the channel: a bin with the same level on both sides would fit either.
            while (cut < box.Count && cut > 0 && Channel(box[cut], channel) == Channel(box[cut - 1], channel)) cut++;
            if (cut == box.Count)
            {
                cut = box.Count - 1;
                while (cut > 0 && Channel(box[cut], channel) == Channel(box[cut - 1], channel)) cut--;
            }
            boxes[best] = box.GetRange(0, cut);
            boxes.Add(box.GetRange(cut, box.Count - cut));
        }

        var palette = new byte[768];
        for (var b = 0; b < boxes.Count; b++)
        {
            long n = 0, r = 0, g = 0, bl = 0;
            foreach (var key in boxes[b])
            {
                n += count[key];
                r += sums[3 * key];
                g += sums[3 * key + 1];
                bl += sums[3 * key + 2];
            }
            if (n == 0) continue;
            palette[3 * b] = (byte)((r + n / 2) / n);
            palette[3 * b + 1] = (byte)((g + n / 2) / n);
            palette[3 * b + 2] = (byte)((bl + n / 2) / n);
        }

        // Every used bin to the entry nearest its own mean colour (ties: the lower index).
        var map = new byte[bins];
        foreach (var key in used)
        {
            var n = count[key];
            int r = (int)((sums[3 * key] + n / 2) / n), g = (int)((sums[3 * key + 1] + n / 2) / n), b = (int)((sums[3 * key + 2] + n / 2) / n);
            int bestIndex = 0, bestDistance = int.MaxValue;
            for (var e = 0; e < boxes.Count; e++)
            {
                int dr = r - palette[3 * e], dg = g - palette[3 * e + 1], db = b - palette[3 * e + 2];
                var d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
                if (d < bestDistance) (bestIndex, bestDistance) = (e, d);
            }
            map[key] = (byte)bestIndex;
        }
        return Write(frames, delayCentiseconds, palette, (r, g, b) => map[Bin(r, g, b)]);
    }

    private static int Bin(byte r, byte g, byte b) => (r >> 3) << 10 | (g >> 3) << 5 | b >> 3;
    private static int Channel(int key, int channel) => (key >> (10 - 5 * channel)) & 31;

    private static void Check(IReadOnlyList<RgbImage> frames, int delayCentiseconds)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0) throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        ArgumentOutOfRangeException.ThrowIfNegative(delayCentiseconds);
        var width = frames[0].Width;
        var height = frames[0].Height;
        if (width > ushort.MaxValue || height > ushort.MaxValue) throw new ArgumentException("GIF frames are at most 65535 pixels a side.", nameof(frames));
        if (frames.Any(f => f.Width != width || f.Height != height)) throw new ArgumentException("Every frame must have the first frame's size.", nameof(frames));
    }

    private static byte[] Write(IReadOnlyList<RgbImage> frames, int delayCentiseconds, byte[] palette, Func<byte, byte, byte, byte> index)
    {
        var width = frames[0].Width;
        var height = frames[0].Height;
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteShort(output, width);
        WriteShort(output, height);
        output.WriteByte(0xF7); // global colour table of 256 entries, 8 bits per channel
        output.WriteByte(0);    // background colour index
        output.WriteByte(0);    // pixel aspect
        output.Write(palette, 0, 768);
        // NETSCAPE2.0 application extension: loop forever.
        output.Write([0x21, 0xFF, 0x0B]);
        output.Write("NETSCAPE2.0"u8);
        output.Write([0x03, 0x01, 0x00, 0x00, 0x00]);

        var indices = new byte[width * height];
        foreach (var frame in frames)
        {
            output.Write([0x21, 0xF9, 0x04, 0x04]); // graphic control: dispose "do not dispose", no transparency
            WriteShort(output, delayCentiseconds);
            output.Write([0x00, 0x00]);
            output.WriteByte(0x2C);                 // image descriptor: whole canvas, no local table
            WriteShort(output, 0);
            WriteShort(output, 0);
            WriteShort(output, width);
            WriteShort(output, height);
            output.WriteByte(0);
            var p = frame.Pixels;
            for (var i = 0; i < indices.Length; i++) indices[i] = index(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
            Lzw(output, indices);
        }
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    /// <summary>The palette entry a colour maps to (the nearest level of each channel of the cube).</summary>
    public static byte Index(byte r, byte g, byte b) =>
        (byte)((Level(r, Reds) * Greens + Level(g, Greens)) * Blues + Level(b, Blues));

    public static (byte R, byte G, byte B) PaletteColour(int index)
    {
        if (index >= Reds * Greens * Blues) return (0, 0, 0);
        var b = index % Blues;
        var g = index / Blues % Greens;
        var r = index / (Blues * Greens);
        return (Value(r, Reds), Value(g, Greens), Value(b, Blues));
    }

    private static int Level(byte v, int levels) => (v * (levels - 1) + 127) / 255;
    private static byte Value(int level, int levels) => (byte)(level * 255 / (levels - 1));

    private static void WriteShort(Stream s, int v)
    {
        s.WriteByte((byte)(v & 0xFF));
        s.WriteByte((byte)((v >> 8) & 0xFF));
    }

    // Variable-width LZW as GIF defines it: 8-bit minimum code size, clear code 256, end code 257, codes up to 12 bits,
    // a clear (and a fresh dictionary) when the table fills; packed least-significant bit first into ≤255-byte sub-blocks.
    private static void Lzw(Stream output, byte[] indices)
    {
        const int minCodeSize = 8, clear = 1 << minCodeSize, end = clear + 1, maxCode = 4095;
        output.WriteByte(minCodeSize);
        var block = new byte[255];
        var blockLength = 0;
        int bitBuffer = 0, bitCount = 0;
        void Emit(int code, int size)
        {
            bitBuffer |= code << bitCount;
            bitCount += size;
            while (bitCount >= 8)
            {
                block[blockLength++] = (byte)(bitBuffer & 0xFF);
                bitBuffer >>= 8;
                bitCount -= 8;
                if (blockLength == 255)
                {
                    output.WriteByte(255);
                    output.Write(block, 0, 255);
                    blockLength = 0;
                }
            }
        }

        var table = new Dictionary<int, int>(maxCode * 2);
        var next = end + 1;
        var codeSize = minCodeSize + 1;
        Emit(clear, codeSize);
        var prefix = (int)indices[0];
        for (var i = 1; i < indices.Length; i++)
        {
            var k = indices[i];
            var key = (prefix << 8) | k;
            if (table.TryGetValue(key, out var code))
            {
                prefix = code;
                continue;
            }
            Emit(prefix, codeSize);
            if (next <= maxCode)
            {
                table[key] = next++;
                if (next > (1 << codeSize) && codeSize < 12) codeSize++;
            }
            else
            {
                Emit(clear, codeSize);
                table.Clear();
                next = end + 1;
                codeSize = minCodeSize + 1;
            }
            prefix = k;
        }
        Emit(prefix, codeSize);
        Emit(end, codeSize);
        if (bitCount > 0) Emit(0, 8 - bitCount);
        if (blockLength > 0)
        {
            output.WriteByte((byte)blockLength);
            output.Write(block, 0, blockLength);
        }
        output.WriteByte(0); // block terminator
    }
}
