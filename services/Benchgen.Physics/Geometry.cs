namespace Benchgen.Physics;

public readonly record struct Vec3(double X, double Y, double Z)
{
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public override string ToString() => FormattableString.Invariant($"({X:0.###}, {Y:0.###}, {Z:0.###})");
}

public readonly record struct Aabb(Vec3 Min, Vec3 Max)
{
    public bool Contains(Vec3 p) =>
        p.X >= Min.X && p.X <= Max.X && p.Y >= Min.Y && p.Y <= Max.Y && p.Z >= Min.Z && p.Z <= Max.Z;

    public Vec3 Center => (Min + Max) * 0.5;
    public Vec3 Size => Max - Min;
}

/// <summary>A rotation as a unit quaternion (w, x, y, z), MuJoCo's convention.</summary>
public readonly record struct Quat(double W, double X, double Y, double Z)
{
    public static readonly Quat Identity = new(1, 0, 0, 0);

    public Quat Conjugate => new(W, -X, -Y, -Z);

    public static Quat operator *(Quat a, Quat b) => new(
        a.W * b.W - a.X * b.X - a.Y * b.Y - a.Z * b.Z,
        a.W * b.X + a.X * b.W + a.Y * b.Z - a.Z * b.Y,
        a.W * b.Y - a.X * b.Z + a.Y * b.W + a.Z * b.X,
        a.W * b.Z + a.X * b.Y - a.Y * b.X + a.Z * b.W);

    /// <summary>The vector rotated by this quaternion (body frame → world frame).</summary>
    public Vec3 Rotate(Vec3 v)
    {
        var r = this * new Quat(0, v.X, v.Y, v.Z) * Conjugate;
        return new Vec3(r.X, r.Y, r.Z);
    }

    /// <summary>Angle in radians between the body's z axis and the world's z axis.</summary>
    public double Tilt
    {
        get
        {
            var up = Rotate(new Vec3(0, 0, 1));
            return Math.Acos(Math.Clamp(up.Z / Math.Max(1e-12, up.Length), -1, 1));
        }
    }

    /// <summary>The rotation from this orientation to <paramref name="target"/> as an axis × angle vector (radians).</summary>
    public Vec3 ErrorTo(Quat target)
    {
        var e = target * Conjugate;
        if (e.W < 0) e = new Quat(-e.W, -e.X, -e.Y, -e.Z);
        var s = Math.Sqrt(e.X * e.X + e.Y * e.Y + e.Z * e.Z);
        if (s < 1e-12) return default;
        var angle = 2 * Math.Atan2(s, e.W);
        return new Vec3(e.X / s * angle, e.Y / s * angle, e.Z / s * angle);
    }
}
