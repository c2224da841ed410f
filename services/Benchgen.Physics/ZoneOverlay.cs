namespace Benchgen.Physics;

/// <summary>
/// Zones are regions, not objects: the renderer leaves their box sites out and this overlay draws each as a faint tint
/// over its silhouette and an outline of its edges, in one colour per kind (goal green, forbid red, any other zone
/// amber) — the colours the contact sheet's legend names.
/// </summary>
public static class ZoneOverlay
{
    public static readonly (byte R, byte G, byte B) GoalColour = (40, 200, 90);
    public static readonly (byte R, byte G, byte B) ForbidColour = (230, 45, 45);
    public static readonly (byte R, byte G, byte B) OtherColour = (240, 170, 30);

    private static readonly (int A, int B)[] Edges =
    [
        (0, 1), (2, 3), (4, 5), (6, 7), // along x
        (0, 2), (1, 3), (4, 6), (5, 7), // along y
        (0, 4), (1, 5), (2, 6), (3, 7), // along z
    ];

    public static (byte R, byte G, byte B) ColourOf(string siteName) =>
        siteName.StartsWith("goal", StringComparison.Ordinal) ? GoalColour
        : siteName.StartsWith("forbid", StringComparison.Ordinal) ? ForbidColour
        : OtherColour;

    /// <summary>Outlines every box in the image as seen from <paramref name="view"/>; returns how many edge pixels were drawn.</summary>
    public const double TintAlpha = 0.08;

    public static int Draw(RgbImage image, CameraView view, double fovYDegrees, IReadOnlyList<SiteBox> boxes, int thickness = 2)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var projection = CameraProjection.Of(view, fovYDegrees, (double)image.Width / image.Height);
        var drawn = 0;
        foreach (var box in boxes)
        {
            var colour = ColourOf(box.Name);
            var corners = box.Corners().Select(c => projection.ToPixel(c, image.Width, image.Height)).ToArray();
            if (corners.All(c => c.Depth > 0)) Tint(image, Hull(corners.Select(c => (c.X, c.Y)).ToList()), colour);
            foreach (var (a, b) in Edges)
            {
                var p = corners[a];
                var q = corners[b];
                if (p.Depth <= 0 || q.Depth <= 0) continue; // an edge through the eye: the camera is inside the zone
                drawn += Line(image, p.X, p.Y, q.X, q.Y, colour, thickness);
            }
        }
        return drawn;
    }

    // Andrew's monotone chain: the silhouette of a box is the convex hull of its projected corners (counter-clockwise).
    private static List<(double X, double Y)> Hull(List<(double X, double Y)> points)
    {
        points.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
            (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
        var hull = new List<(double X, double Y)>();
        for (var pass = 0; pass < 2; pass++)
        {
            var start = hull.Count;
            foreach (var p in pass == 0 ? points : Enumerable.Reverse(points))
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1);
        }
        return hull;
    }

    private static void Tint(RgbImage image, List<(double X, double Y)> hull, (byte R, byte G, byte B) colour)
    {
        if (hull.Count < 3) return;
        var x0 = Math.Max(0, (int)Math.Floor(hull.Min(p => p.X)));
        var x1 = Math.Min(image.Width - 1, (int)Math.Ceiling(hull.Max(p => p.X)));
        var y0 = Math.Max(0, (int)Math.Floor(hull.Min(p => p.Y)));
        var y1 = Math.Min(image.Height - 1, (int)Math.Ceiling(hull.Max(p => p.Y)));
        for (var y = y0; y <= y1; y++)
        for (var x = x0; x <= x1; x++)
        {
            double px = x + 0.5, py = y + 0.5;
            var inside = true;
            for (var i = 0; i < hull.Count && inside; i++)
            {
                var a = hull[i];
                var b = hull[(i + 1) % hull.Count];
                inside = (b.X - a.X) * (py - a.Y) - (b.Y - a.Y) * (px - a.X) >= 0;
            }
            if (inside) PixelFont.Blend(image.Pixels, image.Width, image.Height, x, y, colour, TintAlpha);
        }
    }

    // A segment clipped to the image (Liang–Barsky), stepped one pixel at a time, drawn thickness × thickness.
    private static int Line(RgbImage image, double x0, double y0, double x1, double y1, (byte R, byte G, byte B) colour, int thickness)
    {
        double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
        foreach (var (p, q) in new[] { (-dx, x0), (dx, image.Width - 1 - x0), (-dy, y0), (dy, image.Height - 1 - y0) })
        {
            if (Math.Abs(p) < 1e-12) { if (q < 0) return 0; continue; }
            var t = q / p;
            if (p < 0) t0 = Math.Max(t0, t); else t1 = Math.Min(t1, t);
            if (t0 > t1) return 0;
        }
        double ax = x0 + t0 * dx, ay = y0 + t0 * dy, bx = x0 + t1 * dx, by = y0 + t1 * dy;
        var steps = (int)Math.Ceiling(Math.Max(Math.Abs(bx - ax), Math.Abs(by - ay)));
        var count = 0;
        for (var s = 0; s <= steps; s++)
        {
            var f = steps == 0 ? 0 : (double)s / steps;
            var x = (int)Math.Floor(ax + (bx - ax) * f - (thickness - 1) / 2.0);
            var y = (int)Math.Floor(ay + (by - ay) * f - (thickness - 1) / 2.0);
            for (var oy = 0; oy < thickness; oy++)
            for (var ox = 0; ox < thickness; ox++)
            {
                PixelFont.Blend(image.Pixels, image.Width, image.Height, x + ox, y + oy, colour, 1);
                count++;
            }
        }
        return count;
    }
}
