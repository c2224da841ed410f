using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Benchgen.Physics.Tests;

public class Encoding_and_decoding_png
{
    [Fact]
    public void Should_round_trip_an_image()
    {
        var image = Noise(37, 23, seed: 7);
        var decoded = Png.Decode(Png.Encode(image));
        Assert.Equal(image.Width, decoded.Width);
        Assert.Equal(image.Height, decoded.Height);
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Should_round_trip_a_rendered_view()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        using var renderer = new OffscreenRenderer(160, 120);
        var image = renderer.Render(model, ViewPlanner.Default24(model)[10]).Image;
        var png = Png.Encode(image);
        Assert.Equal(image.Pixels, Png.Decode(png).Pixels);
        Assert.True(png.Length < image.Pixels.Length / 4, "a smooth render should compress well");
    }

    [Fact]
    public void Should_write_a_standard_png_header()
    {
        var png = Png.Encode(Noise(4, 3, seed: 1));
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(2, png[25]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Should_decode_every_filter_type(int channels)
    {
        // Hand-built file using filters 0..4 on successive rows, RGB or RGBA.
        const int width = 5, height = 10;
        var source = Noise(width, height, seed: 3);
        var rgba = new byte[width * height * channels];
        for (var i = 0; i < width * height; i++)
        {
            Array.Copy(source.Pixels, i * 3, rgba, i * channels, 3);
            if (channels == 4) rgba[i * 4 + 3] = (byte)(i * 7);
        }
        var png = BuildPng(width, height, channels, rgba, row => row % 5);

        var decoded = Png.Decode(png);
        Assert.Equal(source.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Should_reject_a_corrupted_chunk()
    {
        var png = Png.Encode(Noise(4, 4, seed: 2));
        png[20] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => Png.Decode(png));
    }

    internal static RgbImage Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    private static byte[] BuildPng(int width, int height, int channels, byte[] pixels, Func<int, int> filterOfRow)
    {
        var stride = width * channels;
        var raw = new MemoryStream();
        var prior = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = filterOfRow(y);
            raw.WriteByte((byte)filter);
            var row = pixels.AsSpan(y * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = prior[i], c = i >= channels ? prior[i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => PaethReference(a, b, c),
                };
                raw.WriteByte((byte)(row[i] - predictor));
            }
            row.CopyTo(prior);
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(channels == 3 ? 2 : 6);
        var file = new MemoryStream();
        file.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(file, "IHDR", ihdr);
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    // The PNG spec's reference Paeth, written independently of the codec under test.
    private static int PaethReference(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    private static uint BitwiseCrc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        s.Write(header);
        var body = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(header, BitwiseCrc32(body));
        s.Write(header);
    }
}
