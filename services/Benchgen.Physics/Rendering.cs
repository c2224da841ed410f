namespace Benchgen.Physics;

/// <summary>A free camera orbiting <paramref name="LookAt"/>; angles in degrees (MuJoCo convention: negative elevation looks down).</summary>
public sealed record CameraView(string Name, double Azimuth, double Elevation, double Distance, Vec3 LookAt);

/// <summary>RGB, 3 bytes per pixel, rows top-to-bottom.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public static RgbImage Blank(int width, int height) => new(width, height, new byte[checked(width * height * 3)]);
}

/// <summary>
/// How pictures for people are drawn. With <paramref name="ZoneOverlay"/>, MuJoCo leaves the zone sites out (a
/// translucent box would still cast a solid shadow) and <see cref="Physics.ZoneOverlay"/> draws each as a faint tint and
/// an outline in its legend colour; the floor plane is drawn <paramref name="FloorScale"/> times larger (its checker
/// kept) so the ground runs to the edge of every view. Physics is untouched: a plane collides infinitely whatever its
/// drawn size.
/// </summary>
public sealed record RenderStyle(bool ZoneOverlay = true, double FloorScale = 25)
{
    public static readonly RenderStyle Benchmark = new();

    /// <summary>Exactly what the model says: zones as MuJoCo draws their sites, the floor at its own size.</summary>
    public static readonly RenderStyle AsModelled = new(false, 1);
}

/// <param name="VisibleBodyPixels">Body name -> pixels it covers in a segmentation pass, for every body except the world.</param>
public sealed record RenderedView(CameraView Camera, RgbImage Image, IReadOnlyDictionary<string, int> VisibleBodyPixels);

/// <summary>
/// OSMesa (software GL) offscreen renderer. Owns a GL context bound to the thread that created it;
/// reuse one per thread across models (creating it and a model's GPU resources costs tens of ms).
/// </summary>
public sealed unsafe class OffscreenRenderer : IDisposable
{
    private readonly RendererHandle handle;
    private readonly int ownerThreadId;

    public OffscreenRenderer(int width = 640, int height = 480, RenderStyle? style = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        ownerThreadId = Environment.CurrentManagedThreadId;
        var err = stackalloc byte[Native.ErrorBufferSize];
        handle = Native.bg_renderer_create(width, height, err, Native.ErrorBufferSize);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new MujocoException($"Could not create an OSMesa offscreen context ({width}x{height}): {Native.ErrorText(new ReadOnlySpan<byte>(err, Native.ErrorBufferSize))}. Is libosmesa6 installed?");
        }
        Style = style ?? RenderStyle.Benchmark;
        Native.bg_renderer_style(handle, Style.ZoneOverlay ? 0 : 1, Style.FloorScale);
    }

    public RenderStyle Style { get; }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Renders one colour view plus a segmentation pass that counts the pixels of each body.</summary>
    public RenderedView Render(MujocoModel model, CameraView camera)
    {
        var (image, bodyPixels) = Draw(model, camera, segment: true);
        var visible = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 1; b < bodyPixels!.Length; b++) visible[model.BodyName(b)] = bodyPixels[b];
        return new RenderedView(camera, image, visible);
    }

    /// <summary>Renders one colour view only (no segmentation pass): a frame of an animation.</summary>
    public RgbImage RenderImage(MujocoModel model, CameraView camera) => Draw(model, camera, segment: false).Image;

    private (RgbImage Image, int[]? BodyPixels) Draw(MujocoModel model, CameraView camera, bool segment)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(camera);
        if (Environment.CurrentManagedThreadId != ownerThreadId)
            throw new InvalidOperationException(
                $"OffscreenRenderer was created on managed thread {ownerThreadId} but Render was called from thread {Environment.CurrentManagedThreadId}; its GL context belongs to the creating thread. Create one renderer per thread.");
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);

        var pixels = new byte[Width * Height * 3];
        var bodyPixels = segment ? new int[model.BodyCount] : null;
        var err = stackalloc byte[Native.ErrorBufferSize];
        int rc;
        fixed (byte* rgb = pixels)
        fixed (int* counts = bodyPixels)
            rc = Native.bg_render(handle, model.Handle, camera.Azimuth, camera.Elevation, camera.Distance,
                camera.LookAt.X, camera.LookAt.Y, camera.LookAt.Z, rgb, counts, err, Native.ErrorBufferSize);
        if (rc != 0)
            throw new MujocoException($"MuJoCo failed to render {model.FileName} from view {camera.Name}: {Native.ErrorText(new ReadOnlySpan<byte>(err, Native.ErrorBufferSize))}");

        var image = new RgbImage(Width, Height, pixels);
        if (Style.ZoneOverlay) Physics.ZoneOverlay.Draw(image, camera, model.FieldOfViewY, model.SiteBoxes());
        return (image, bodyPixels);
    }

    public void Dispose() => handle.Dispose();
}
