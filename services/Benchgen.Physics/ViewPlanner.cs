namespace Benchgen.Physics;

public static class ViewPlanner
{
    public static readonly IReadOnlyList<double> Azimuths = [0, 45, 90, 135, 180, 225, 270, 315];

    /// <summary>
    /// Every view looks down by more than half the vertical field of view (22.5° at MuJoCo's default 45°), so the horizon
    /// — and the black sky above it — stays out of the picture.
    /// </summary>
    public static readonly IReadOnlyList<double> Elevations = [-28, -45, -65];

    /// <summary>The image aspect the views are framed for when the caller does not say (the renderer's 640×480).</summary>
    public const double DefaultAspect = 4.0 / 3.0;

    // Leaves a border around the task's box so thin edges are not clipped.
    private const double Margin = 1.12;
    private const double MinimumRadius = 0.05;

    /// <summary>
    /// 8 azimuths x 3 elevations, all looking at the centre of the task's box (its geoms and zones; planes are ignored:
    /// they are infinite and a floor would swamp the framing), each as close as the box's corners allow in that view's
    /// own projection — so the objects fill the picture from every side instead of a sphere around them. Falls back to
    /// MuJoCo's stat.center/extent when only planes exist.
    /// </summary>
    public static IReadOnlyList<CameraView> Default24(MujocoModel model, double aspect = DefaultAspect)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(aspect);
        var box = TaskBox(model);
        var views = new List<CameraView>(Azimuths.Count * Elevations.Count);
        foreach (var elevation in Elevations)
            foreach (var azimuth in Azimuths)
                views.Add(Frame(box, azimuth, elevation, model.FieldOfViewY, aspect));
        return views;
    }

    /// <summary>
    /// One view of <paramref name="box"/> from (<paramref name="azimuth"/>, <paramref name="elevation"/>), as close as the
    /// box's corners allow in that view's own projection and centred on the box's projection (named
    /// <c>az{azimuth}-el{elevation}</c>).
    /// </summary>
    public static CameraView Frame(Aabb box, double azimuth, double elevation, double fieldOfViewY, double aspect = DefaultAspect)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(aspect);
        var center = box.Center;
        var radius = Math.Max(box.Size.Length / 2, MinimumRadius);
        var tanY = Math.Tan(fieldOfViewY / 2 * Math.PI / 180) / Margin;
        var tanX = tanY * aspect;
        var corners = Corners(box).ToArray();
        var (forward, up, right) = CameraProjection.Axes(azimuth, elevation);
        // A box seen at an angle projects lopsided around its centre: fit the distance, then slide the point
        // looked at so the projection is centred, and fit again — a few rounds settle it.
        var lookAt = center;
        var distance = Fit(corners, lookAt, forward, up, right, tanX, tanY, radius);
        for (var round = 0; round < 4; round++)
        {
            double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
            foreach (var corner in corners)
            {
                var w = corner - lookAt;
                var depth = distance + CameraProjection.Dot(w, forward);
                var x = CameraProjection.Dot(w, right) / depth / tanX;
                var y = CameraProjection.Dot(w, up) / depth / tanY;
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
            }
            lookAt += right * ((minX + maxX) / 2 * tanX * distance) + up * ((minY + maxY) / 2 * tanY * distance);
            distance = Fit(corners, lookAt, forward, up, right, tanX, tanY, radius);
        }
        return new CameraView($"az{azimuth:000}-el{-elevation:00}", azimuth, elevation, distance, lookAt);
    }

    // The least distance at which every corner is inside the (margin-shrunk) frustum looking at lookAt.
    private static double Fit(Vec3[] corners, Vec3 lookAt, Vec3 forward, Vec3 up, Vec3 right, double tanX, double tanY, double radius)
    {
        double distance = 0, nearest = double.NegativeInfinity;
        foreach (var corner in corners)
        {
            var w = corner - lookAt;
            var along = CameraProjection.Dot(w, forward);
            // The eye is at lookAt − distance·forward; the corner's depth is distance + along.
            var need = Math.Max(Math.Abs(CameraProjection.Dot(w, right)) / tanX, Math.Abs(CameraProjection.Dot(w, up)) / tanY) - along;
            distance = Math.Max(distance, need);
            nearest = Math.Max(nearest, -along);
        }
        // Never inside the box: every corner at least a tenth of the box's radius in front of the eye.
        return Math.Max(distance, nearest + 0.1 * radius + MinimumRadius);
    }

    /// <summary>
    /// Centre and bounding radius of all non-plane geoms and visible sites (a benchmark's goal and forbid zones are
    /// drawn as sites, and belong in the picture) at the current state (runs Forward).
    /// </summary>
    public static (Vec3 Center, double Radius) SceneBounds(MujocoModel model)
    {
        var box = TaskBox(model);
        return (box.Center, Math.Max(box.Size.Length / 2, MinimumRadius));
    }

    /// <summary>
    /// The box around everything the task is made of at the current state (runs Forward): non-plane geoms (their
    /// bounding spheres) and visible sites (zones exactly, by their corners).
    /// </summary>
    public static Aabb TaskBox(MujocoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Forward();
        var positions = model.GeomPositions();
        var points = model.Geoms.Where(g => g.Shape != GeomShape.Plane)
            .SelectMany(g => SpherePoints(positions[g.Id], g.BoundingRadius))
            .Concat(model.VisibleSiteSpheres().SelectMany(s => SpherePoints(s.Center, s.Radius)));
        var zones = model.SiteBoxes();
        if (zones.Count > 0)
        {
            // Box sites are bounded exactly; their spheres above would overstate them.
            var boxed = new HashSet<Vec3>(zones.Select(z => z.Center));
            points = model.Geoms.Where(g => g.Shape != GeomShape.Plane).SelectMany(g => SpherePoints(positions[g.Id], g.BoundingRadius))
                .Concat(model.VisibleSiteSpheres().Where(s => !boxed.Contains(s.Center)).SelectMany(s => SpherePoints(s.Center, s.Radius)))
                .Concat(zones.SelectMany(z => z.Corners()));
        }
        Vec3? min = null, max = null;
        foreach (var p in points)
        {
            if (!p.IsFinite) continue;
            min = min is { } a ? new Vec3(Math.Min(a.X, p.X), Math.Min(a.Y, p.Y), Math.Min(a.Z, p.Z)) : p;
            max = max is { } c ? new Vec3(Math.Max(c.X, p.X), Math.Max(c.Y, p.Y), Math.Max(c.Z, p.Z)) : p;
        }
        if (min is null || max is null)
        {
            var (statCenter, extent) = model.Statistic;
            var r = Math.Max(extent, MinimumRadius);
            return new Aabb(statCenter - new Vec3(r, r, r), statCenter + new Vec3(r, r, r));
        }
        return new Aabb(min.Value, max.Value);
    }

    private static IEnumerable<Vec3> SpherePoints(Vec3 c, double r)
    {
        if (!double.IsFinite(r)) yield break;
        yield return new Vec3(c.X - r, c.Y - r, c.Z - r);
        yield return new Vec3(c.X + r, c.Y + r, c.Z + r);
    }

    private static IEnumerable<Vec3> Corners(Aabb box)
    {
        for (var i = 0; i < 8; i++)
            yield return new Vec3((i & 1) == 0 ? box.Min.X : box.Max.X, (i & 2) == 0 ? box.Min.Y : box.Max.Y, (i & 4) == 0 ? box.Min.Z : box.Max.Z);
    }
}
