using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Benchgen.Physics;

namespace Benchgen.Generation.Review;

/// <summary>The reviewer's verdict on a preview bundle; <see cref="Feedback"/> names what failed so the coder can respond.</summary>
public sealed record ReviewVerdict(bool Approved, string Feedback, IReadOnlyList<string> Problems);

/// <summary>What a reviewer looks at: the prompt, the family, previews.zip, the contact sheet PNG and benchmark.json.</summary>
public sealed record ReviewRequest(string Prompt, string Family, byte[] PreviewBundle, byte[] ContactSheet, string BenchmarkJson);

/// <summary>Judges the rendered views of an attempt: the heuristic reviewer by default, a vision model when configured.</summary>
public interface IScenarioReviewer
{
    Task<ReviewVerdict> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken);
}

/// <summary>cameras.json inside previews.zip, as written by the Rendering service.</summary>
public sealed record PreviewCameras(
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("payloadBody")] string? PayloadBody,
    [property: JsonPropertyName("views")] IReadOnlyList<PreviewView> Views)
{
    /// <summary>The payload is a jointed part of a fixture (a drawer, a knob): it faces one way.</summary>
    [JsonPropertyName("payloadIsPart")] public bool PayloadIsPart { get; init; }
}

public sealed record PreviewView(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("visibleBodyPixels")] IReadOnlyDictionary<string, int>? VisibleBodyPixels);

/// <summary>
/// Reviews a preview bundle without a vision model: all 24 views present, none blank (luminance standard deviation
/// above a threshold), and the payload covering enough pixels in at least half of the views (a third for a jointed part
/// of a fixture, which faces one way).
/// </summary>
public sealed class HeuristicReviewer : IScenarioReviewer
{
    public Task<ReviewVerdict> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Review(request.PreviewBundle));

    public const int ExpectedViews = 24;
    public const double BlankLuminanceStdDev = 2.0;
    /// <summary>
    /// The share of a view the payload must cover to count as seen: 100 pixels of a 640×480 view, the same share at any
    /// <c>Rendering:Width</c>/<c>Height</c> (an absolute count would fail every benchmark at 64 px wide).
    /// </summary>
    public const double PayloadMinShare = 100.0 / (640 * 480);

    /// <summary>The pixels <see cref="PayloadMinShare"/> means in a view of this size (at least 4).</summary>
    public static int PayloadMinPixels(int width, int height) =>
        Math.Max(4, (int)Math.Ceiling(PayloadMinShare * Math.Max(0, width) * Math.Max(0, height)));

    public ReviewVerdict Review(byte[] previewsZip)
    {
        ArgumentNullException.ThrowIfNull(previewsZip);
        var problems = new List<string>();
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(previewsZip, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            return Reject([$"the preview bundle is not a readable zip archive ({ex.Message})"]);
        }

        using (archive)
        {
            PreviewCameras? cameras = null;
            var camerasEntry = archive.GetEntry("cameras.json");
            if (camerasEntry is null) problems.Add("cameras.json is missing from the preview bundle");
            else
            {
                try
                {
                    using var stream = camerasEntry.Open();
                    cameras = JsonSerializer.Deserialize<PreviewCameras>(stream);
                }
                catch (JsonException ex)
                {
                    problems.Add($"cameras.json is not valid ({ex.Message})");
                }
            }

            var missing = new List<string>();
            var blank = new List<string>();
            for (var i = 0; i < ExpectedViews; i++)
            {
                var file = $"view-{i.ToString("00", CultureInfo.InvariantCulture)}.png";
                var entry = archive.GetEntry(file);
                if (entry is null) { missing.Add(file); continue; }
                try
                {
                    using var stream = entry.Open();
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    if (LuminanceStdDev(Png.Decode(buffer.ToArray())) <= BlankLuminanceStdDev) blank.Add(file);
                }
                catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException or NotSupportedException or IndexOutOfRangeException)
                {
                    blank.Add($"{file} (unreadable PNG: {ex.Message})");
                }
            }
            if (missing.Count > 0) problems.Add($"{missing.Count} of {ExpectedViews} views are missing: {string.Join(", ", missing)}");
            if (blank.Count > 0) problems.Add($"{blank.Count} views are blank (no contrast): {string.Join(", ", blank)}");

            if (cameras is not null)
            {
                var minPixels = PayloadMinPixels(cameras.Width, cameras.Height);
                var payload = cameras.PayloadBody;
                if (string.IsNullOrEmpty(payload)) problems.Add("cameras.json does not name the payload body");
                else
                {
                    var visible = cameras.Views.Count(v => v.VisibleBodyPixels is not null &&
                                                           v.VisibleBodyPixels.TryGetValue(payload, out var px) && px >= minPixels);
                    // A part of a fixture (a closed drawer, a knob) faces one way: the views from behind the fixture cannot
                    // see it, so a third of the views is enough; a free payload must show in half of them.
                    var needed = cameras.PayloadIsPart ? ExpectedViews / 3 : (ExpectedViews + 1) / 2;
                    if (visible < needed)
                        problems.Add($"payload {payload} is hidden: visible (≥ {minPixels} px) in only {visible} of {cameras.Views.Count} views, at least {needed} needed");
                }
            }

            if (problems.Count > 0) return Reject(problems);
            var threshold = PayloadMinPixels(cameras!.Width, cameras.Height);
            var seen = cameras.Views.Count(v => v.VisibleBodyPixels?.GetValueOrDefault(cameras.PayloadBody!) >= threshold);
            return new ReviewVerdict(true,
                $"approved: {ExpectedViews} views present, none blank, payload {cameras.PayloadBody} visible in {seen} of {cameras.Views.Count} views", []);
        }
    }

    /// <summary>Standard deviation of Rec. 601 luma over all pixels (0–255 scale).</summary>
    public static double LuminanceStdDev(RgbImage image)
    {
        var pixels = image.Width * image.Height;
        if (pixels == 0) return 0;
        double sum = 0, sumSq = 0;
        var p = image.Pixels;
        for (var i = 0; i < pixels; i++)
        {
            var y = 0.299 * p[3 * i] + 0.587 * p[3 * i + 1] + 0.114 * p[3 * i + 2];
            sum += y;
            sumSq += y * y;
        }
        var mean = sum / pixels;
        return Math.Sqrt(Math.Max(0, sumSq / pixels - mean * mean));
    }

    private static ReviewVerdict Reject(IReadOnlyList<string> problems) =>
        new(false, "rejected: " + string.Join("; ", problems), problems);
}
