using System.IO.Compression;
using System.Text.Json;
using Benchgen.Generation.Review;
using Benchgen.Physics;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Reviewing_preview_bundles
{
    private readonly HeuristicReviewer _reviewer = new();

    internal static byte[] Bundle(Func<int, RgbImage> image, Func<int, int> payloadPixels, int views = 24, bool payloadIsPart = false,
        int width = 640, int height = 480)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var cameraViews = new List<object>();
            for (var i = 0; i < views; i++)
            {
                var file = $"view-{i:00}.png";
                using (var stream = zip.CreateEntry(file).Open())
                    stream.Write(Png.Encode(image(i)));
                cameraViews.Add(new
                {
                    file, name = $"az{i * 45 % 360}", azimuth = i * 45 % 360, elevation = -15, distance = 1.2,
                    lookAt = new[] { 0.0, 0.0, 0.1 },
                    visibleBodyPixels = new Dictionary<string, int> { ["block_0"] = 5000, ["block_2"] = payloadPixels(i) },
                });
            }
            using var cameras = zip.CreateEntry("cameras.json").Open();
            JsonSerializer.Serialize(cameras, new { width, height, payloadBody = "block_2", payloadIsPart, views = cameraViews });
        }
        return buffer.ToArray();
    }

    internal static RgbImage Scene(int seed)
    {
        var pixels = new byte[64 * 48 * 3];
        for (var y = 0; y < 48; y++)
        for (var x = 0; x < 64; x++)
        {
            var i = 3 * (y * 64 + x);
            var floor = y > 24 ? (byte)(((x / 8 + y / 8 + seed) % 2) * 80 + 90) : (byte)200;
            pixels[i] = floor;
            pixels[i + 1] = floor;
            pixels[i + 2] = (byte)(x is > 20 and < 40 && y is > 10 and < 30 ? 30 : floor);
        }
        return new RgbImage(64, 48, pixels);
    }

    private static RgbImage Blank(int _) => new(64, 48, Enumerable.Repeat((byte)12, 64 * 48 * 3).ToArray());

    [Fact]
    public void Should_approve_a_bundle_where_the_payload_is_visible()
    {
        var verdict = _reviewer.Review(Bundle(Scene, i => i % 4 == 0 ? 20 : 800));
        Assert.True(verdict.Approved, verdict.Feedback);
        Assert.Contains("visible in 18 of 24", verdict.Feedback);
    }

    [Fact]
    public void Should_reject_blank_views()
    {
        var verdict = _reviewer.Review(Bundle(i => i < 3 ? Blank(i) : Scene(i), _ => 800));
        Assert.False(verdict.Approved);
        Assert.Contains("3 views are blank", verdict.Feedback);
        Assert.Contains("view-02.png", verdict.Feedback);
    }

    [Fact]
    public void Should_reject_a_hidden_payload()
    {
        var verdict = _reviewer.Review(Bundle(Scene, i => i < 5 ? 500 : 10));
        Assert.False(verdict.Approved);
        Assert.Contains("payload block_2 is hidden", verdict.Feedback);
        Assert.Contains("only 5 of 24", verdict.Feedback);
        Assert.True(Coding.ReviewAdjustments.FromFeedback(verdict.Feedback).EnlargePayload);
    }

    [Fact]
    public void Should_accept_a_fixture_part_seen_from_its_front_only()
    {
        // A closed drawer shows its front to the 9 views that face the cabinet; from behind nobody sees a drawer.
        Assert.True(_reviewer.Review(Bundle(Scene, i => i % 8 < 3 ? 500 : 10, payloadIsPart: true)).Approved);
        Assert.False(_reviewer.Review(Bundle(Scene, i => i % 8 < 3 ? 500 : 10)).Approved);
        Assert.False(_reviewer.Review(Bundle(Scene, i => i % 8 < 2 ? 500 : 10, payloadIsPart: true)).Approved);
    }

    [Fact]
    public void Should_judge_visibility_relative_to_the_size_of_the_views()
    {
        // 6 px of a 64×48 view is the share 100 px is of 640×480 and more: seen. An absolute 100 px would fail it.
        Assert.True(_reviewer.Review(Bundle(Scene, _ => 6, width: 64, height: 48)).Approved);
        Assert.False(_reviewer.Review(Bundle(Scene, _ => 6)).Approved);
        Assert.False(_reviewer.Review(Bundle(Scene, _ => 2, width: 64, height: 48)).Approved);
        Assert.Equal(100, HeuristicReviewer.PayloadMinPixels(640, 480));
        Assert.Equal(400, HeuristicReviewer.PayloadMinPixels(1280, 960));
    }

    [Fact]
    public void Should_reject_missing_views()
    {
        var verdict = _reviewer.Review(Bundle(Scene, _ => 800, views: 20));
        Assert.False(verdict.Approved);
        Assert.Contains("4 of 24 views are missing", verdict.Feedback);
    }

    [Fact]
    public void Should_reject_bytes_that_are_not_a_zip()
    {
        var verdict = _reviewer.Review([1, 2, 3]);
        Assert.False(verdict.Approved);
        Assert.Contains("not a readable zip", verdict.Feedback);
    }
}
