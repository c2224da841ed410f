namespace Benchgen.Physics;

/// <summary>
/// An animated GIF (GIF89a) encoder for short clips of a simulation: one global 6×7×6 colour cube (252 colours, the
/// nearest per pixel, no dithering, so the same frames always give the same bytes), LZW-compressed frames, a fixed
/// frame delay and endless looping. Written here because nothing in the .NET base library writes GIFs.
/// </summary>
public static class Gif
{
    private const int Reds = 6, Greens = 7, Blues = 6;

    /// <param name="delayCentiseconds">Time each frame shows, in hundredths of a second.</param>
    public static byte[] Encode(IReadOnlyList<RgbImage> frames, int delayCentiseconds = 8)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0) throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        ArgumentOutOfRangeException.ThrowIfNegative(delayCentiseconds);
        var width = frames[0].Width;
        var height = frames[0].Height;
        if (width > ushort.MaxValue || height > ushort.MaxValue) throw new ArgumentException("GIF frames are at most 65535 pixels a side.", nameof(frames));
        if (frames.Any(f => f.Width != width || f.Height != height)) throw new ArgumentException("Every frame must have the first frame's size.", nameof(frames));

        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteShort(output, width);
        WriteShort(output, height);
        output.WriteByte(0xF7); // global colour table of 256 entries, 8 bits per channel
        output.WriteByte(0);    // background colour index
        output.WriteByte(0);    // pixel aspect
        for (var i = 0; i < 256; i++)
        {
            var (r, g, b) = PaletteColour(i);
            output.WriteByte(r);
            output.WriteByte(g);
            output.WriteByte(b);
        }
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
            for (var i = 0; i < indices.Length; i++) indices[i] = Index(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
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
