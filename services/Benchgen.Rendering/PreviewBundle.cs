using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Benchgen.Physics;

namespace Benchgen.Rendering;

/// <summary>
/// previews.zip: <c>view-00.png</c> … <c>view-23.png</c> plus <c>cameras.json</c>, the camera of each view and the
/// pixels of each body visible in it (from a segmentation pass) — what the reviewer checks the payload against.
/// </summary>
public static class PreviewBundle
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="payloadIsPart">The payload is a jointed part of a fixture (a drawer): the reviewer knows it faces one way.</param>
    public static byte[] Create(IReadOnlyList<RenderedView> views, int width, int height, string payloadBody, bool payloadIsPart = false)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifest = new CameraManifest(width, height, payloadBody, payloadIsPart, []);
            for (var i = 0; i < views.Count; i++)
            {
                var view = views[i];
                var file = $"view-{i:00}.png";
                // PNGs are already deflated; storing them again compressed costs time for nothing.
                var entry = zip.CreateEntry(file, CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using (var stream = entry.Open())
                {
                    stream.Write(Png.Encode(view.Image));
                }

                var c = view.Camera;
                manifest.Views.Add(new CameraManifestView(file, c.Name, c.Azimuth, c.Elevation, c.Distance,
                    [c.LookAt.X, c.LookAt.Y, c.LookAt.Z], new SortedDictionary<string, int>(view.VisibleBodyPixels.ToDictionary())));
            }

            var manifestEntry = zip.CreateEntry("cameras.json", CompressionLevel.Optimal);
            manifestEntry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var manifestStream = manifestEntry.Open();
            JsonSerializer.Serialize(manifestStream, manifest, Json);
        }

        return buffer.ToArray();
    }
}

public sealed record CameraManifest(int Width, int Height, string PayloadBody, bool PayloadIsPart, List<CameraManifestView> Views);

public sealed record CameraManifestView(
    string File,
    string Name,
    double Azimuth,
    double Elevation,
    double Distance,
    double[] LookAt,
    [property: JsonPropertyName("visibleBodyPixels")] IDictionary<string, int> VisibleBodyPixels);
