namespace Benchgen.Physics;

public static class ViewPlanner
{
    public static readonly IReadOnlyList<double> Azimuths = [0, 45, 90, 135, 180, 225, 270, 315];
    public static readonly IReadOnlyList<double> Elevations = [-15, -35, -60];

    // Leaves a border around the bounding sphere so thin edges are not clipped.
    private const double Margin = 1.15;
    private const double MinimumRadius = 0.05;

    /// <summary>
    /// 8 azimuths x 3 elevations, all looking at the centre of the scene's geoms and far enough away that
    /// their bounding sphere fits the vertical field of view. Visible sites count too; planes are ignored: they are infinite and a
    /// floor would otherwise swamp the framing. Falls back to MuJoCo's stat.center/extent when only planes exist.
    /// </summary>
    public static IReadOnlyList<CameraView> Default24(MujocoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (center, radius) = SceneBounds(model);
        var halfFov = model.FieldOfViewY / 2 * Math.PI / 180;
        var distance = Math.Max(radius, MinimumRadius) * Margin / Math.Sin(halfFov);

        var views = new List<CameraView>(Azimuths.Count * Elevations.Count);
        foreach (var elevation in Elevations)
            foreach (var azimuth in Azimuths)
                views.Add(new CameraView($"az{azimuth:000}-el{-elevation:00}", azimuth, elevation, distance, center));
        return views;
    }

    /// <summary>
    /// Centre and bounding radius of all non-plane geoms and visible sites (a benchmark's goal and forbid zones are
    /// drawn as sites, and belong in the picture) at the current state (runs Forward).
    /// </summary>
    public static (Vec3 Center, double Radius) SceneBounds(MujocoModel model)
    {
        model.Forward();
        var positions = model.GeomPositions();
        var spheres = model.Geoms.Where(g => g.Shape != GeomShape.Plane).Select(g => (positions[g.Id], g.BoundingRadius))
            .Concat(model.VisibleSiteSpheres());
        Vec3? min = null, max = null;
        foreach (var (p, r) in spheres)
        {
            if (!p.IsFinite || !double.IsFinite(r)) continue;
            var lo = new Vec3(p.X - r, p.Y - r, p.Z - r);
            var hi = new Vec3(p.X + r, p.Y + r, p.Z + r);
            min = min is { } a ? new Vec3(Math.Min(a.X, lo.X), Math.Min(a.Y, lo.Y), Math.Min(a.Z, lo.Z)) : lo;
            max = max is { } c ? new Vec3(Math.Max(c.X, hi.X), Math.Max(c.Y, hi.Y), Math.Max(c.Z, hi.Z)) : hi;
        }
        if (min is null || max is null)
        {
            var (statCenter, extent) = model.Statistic;
            return (statCenter, Math.Max(extent, MinimumRadius));
        }
        var box = new Aabb(min.Value, max.Value);
        return (box.Center, box.Size.Length / 2);
    }
}
