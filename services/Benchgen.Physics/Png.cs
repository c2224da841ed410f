using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Benchgen.Physics;

/// <summary>Minimal PNG codec for render previews: 8-bit RGB out; 8-bit RGB/RGBA, non-interlaced in.</summary>
public static class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width <= 0 || image.Height <= 0 || image.Pixels.Length != image.Width * image.Height * 3)
            throw new ArgumentException($"Image claims {image.Width}x{image.Height} RGB but holds {image.Pixels.Length} bytes.", nameof(image));

        using var output = new MemoryStream();
        output.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour
        WriteChunk(output, "IHDR", header);

        using (var idat = new MemoryStream())
        {
            using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
                WriteFilteredRows(zlib, image);
            WriteChunk(output, "IDAT", idat.ToArray());
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    public static RgbImage Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            throw new InvalidDataException("Not a PNG file: the 8-byte signature is missing.");

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        var offset = Signature.Length;
        var sawEnd = false;
        while (offset + 12 <= png.Length && !sawEnd)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            if (length < 0 || offset + 12 + (long)length > png.Length)
                throw new InvalidDataException($"PNG chunk at byte {offset} claims {length} bytes, past the end of the file.");
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            if (Crc32.Compute(typeAndData) != crc)
                throw new InvalidDataException($"PNG chunk {type} at byte {offset} has a bad CRC.");

            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    int bitDepth = data[8], colourType = data[9], interlace = data[12];
                    if (bitDepth != 8 || colourType is not (2 or 6))
                        throw new NotSupportedException($"PNG is bit depth {bitDepth}, colour type {colourType}; only 8-bit RGB (2) and RGBA (6) are supported.");
                    if (interlace != 0)
                        throw new NotSupportedException("Interlaced (Adam7) PNGs are not supported.");
                    if (width <= 0 || height <= 0)
                        throw new InvalidDataException($"PNG has invalid dimensions {width}x{height}.");
                    channels = colourType == 2 ? 3 : 4;
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }
            offset += 12 + length;
        }
        if (channels == 0) throw new InvalidDataException("PNG has no IHDR chunk.");

        var stride = width * channels;
        var raw = new byte[(long)(stride + 1) * height];
        compressed.Position = 0;
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            var read = 0;
            while (read < raw.Length)
            {
                var n = zlib.Read(raw, read, raw.Length - read);
                if (n == 0) throw new InvalidDataException($"PNG image data ends after {read} of {raw.Length} bytes.");
                read += n;
            }
        }

        var pixels = new byte[width * height * 3];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var rowStart = y * (stride + 1);
            var filter = raw[rowStart];
            raw.AsSpan(rowStart + 1, stride).CopyTo(current);
            Unfilter(filter, current, previous, channels, y);
            for (var x = 0; x < width; x++)
            {
                var dst = (y * width + x) * 3;
                var src = x * channels;
                pixels[dst] = current[src];
                pixels[dst + 1] = current[src + 1];
                pixels[dst + 2] = current[src + 2];
            }
            (previous, current) = (current, previous);
        }
        return new RgbImage(width, height, pixels);
    }

    private static void Unfilter(byte filter, byte[] row, byte[] prior, int bpp, int y)
    {
        switch (filter)
        {
            case 0: break;
            case 1: for (var i = bpp; i < row.Length; i++) row[i] += row[i - bpp]; break;
            case 2: for (var i = 0; i < row.Length; i++) row[i] += prior[i]; break;
            case 3:
                for (var i = 0; i < row.Length; i++)
                    row[i] += (byte)(((i >= bpp ? row[i - bpp] : 0) + prior[i]) >> 1);
                break;
            case 4:
                for (var i = 0; i < row.Length; i++)
                    row[i] += Paeth(i >= bpp ? row[i - bpp] : (byte)0, prior[i], i >= bpp ? prior[i - bpp] : (byte)0);
                break;
            default: throw new InvalidDataException($"PNG row {y} uses unknown filter type {filter}.");
        }
    }

    // Picks, per row, the filter with the smallest sum of absolute residuals (the libpng heuristic).
    private static void WriteFilteredRows(Stream zlib, RgbImage image)
    {
        const int bpp = 3;
        var stride = image.Width * 3;
        var prior = new byte[stride];
        var candidates = new byte[5][];
        for (var f = 0; f < 5; f++) candidates[f] = new byte[stride + 1];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Pixels.AsSpan(y * stride, stride);
            var best = 0;
            long bestScore = long.MaxValue;
            for (var f = 0; f < 5; f++)
            {
                var outRow = candidates[f];
                outRow[0] = (byte)f;
                long score = 0;
                for (var i = 0; i < stride; i++)
                {
                    byte left = i >= bpp ? row[i - bpp] : (byte)0, up = prior[i], upLeft = i >= bpp ? prior[i - bpp] : (byte)0;
                    var predictor = f switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) >> 1,
                        _ => Paeth(left, up, upLeft),
                    };
                    var v = (byte)(row[i] - predictor);
                    outRow[i + 1] = v;
                    score += v < 128 ? v : 256 - v;
                }
                if (score < bestScore) { bestScore = score; best = f; }
            }
            zlib.Write(candidates[best]);
            row.CopyTo(prior);
        }
    }

    private static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeAndData));
        output.Write(word);
    }

    private static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        public static uint Compute(ReadOnlySpan<byte> bytes)
        {
            var c = 0xFFFFFFFFu;
            foreach (var b in bytes) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }
    }
}
