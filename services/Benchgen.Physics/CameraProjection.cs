namespace Benchgen.Physics;

/// <summary>
/// The pinhole projection of MuJoCo's free camera (mjv_updateCamera: forward from azimuth and elevation, up tilted with
/// it, the vertical field of view fixed and the horizontal one widened by the image's aspect), so pictures can be framed
/// and annotated exactly where MuJoCo draws.
/// </summary>
public readonly record struct CameraProjection(Vec3 Eye, Vec3 Forward, Vec3 Up, Vec3 Right, double TanHalfFovY, double Aspect)
{
    public static CameraProjection Of(CameraView view, double fovYDegrees, double aspect)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (forward, up, right) = Axes(view.Azimuth, view.Elevation);
        return new CameraProjection(view.LookAt - forward * view.Distance, forward, up, right,
            Math.Tan(fovYDegrees / 2 * Math.PI / 180), aspect);
    }

    /// <summary>MuJoCo's free-camera frame: forward, up, and right = forward × up.</summary>
    public static (Vec3 Forward, Vec3 Up, Vec3 Right) Axes(double azimuthDegrees, double elevationDegrees)
    {
        double az = azimuthDegrees * Math.PI / 180, el = elevationDegrees * Math.PI / 180;
        var forward = new Vec3(Math.Cos(el) * Math.Cos(az), Math.Cos(el) * Math.Sin(az), Math.Sin(el));
        var up = new Vec3(-Math.Sin(el) * Math.Cos(az), -Math.Sin(el) * Math.Sin(az), Math.Cos(el));
        var right = new Vec3(forward.Y * up.Z - forward.Z * up.Y, forward.Z * up.X - forward.X * up.Z, forward.X * up.Y - forward.Y * up.X);
        return (forward, up, right);
    }

    /// <summary>Normalised device coordinates (−1..1, y up) and the depth along the view axis; depth ≤ 0 is behind the eye.</summary>
    public (double X, double Y, double Depth) ToNdc(Vec3 p)
    {
        var v = p - Eye;
        var depth = Dot(v, Forward);
        if (depth <= 1e-9) return (double.NaN, double.NaN, depth);
        return (Dot(v, Right) / depth / (TanHalfFovY * Aspect), Dot(v, Up) / depth / TanHalfFovY, depth);
    }

    /// <summary>Pixel coordinates (x right, y down, pixel centres at .5) in an image of the given size.</summary>
    public (double X, double Y, double Depth) ToPixel(Vec3 p, int width, int height)
    {
        var (x, y, depth) = ToNdc(p);
        return ((x + 1) / 2 * width, (1 - y) / 2 * height, depth);
    }

    internal static double Dot(Vec3 a, Vec3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
}
