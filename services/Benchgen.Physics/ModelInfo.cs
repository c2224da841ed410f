namespace Benchgen.Physics;

/// <summary>Same order as MuJoCo's mjtGeom, so the native value casts directly.</summary>
public enum GeomShape { Plane, Hfield, Sphere, Capsule, Ellipsoid, Cylinder, Box, Mesh }

/// <summary>Same order as MuJoCo's mjtJoint.</summary>
public enum JointKind { Free, Ball, Slide, Hinge }

/// <param name="Name">MJCF name, or "body{Id}" when the body is unnamed.</param>
/// <param name="IsFree">The body has a free joint.</param>
public sealed record BodyInfo(int Id, string Name, int ParentId, bool IsFree, double Mass);

/// <param name="Name">MJCF name, or "geom{Id}" when the geom is unnamed.</param>
/// <param name="Rgba">The material's colour when the geom has a material, else the geom's rgba.</param>
public sealed record GeomInfo(int Id, string Name, int BodyId, GeomShape Shape, Vec3 Size, float[] Rgba)
{
    /// <summary>Radius of the geom's bounding sphere (0 for planes, which are infinite).</summary>
    public double BoundingRadius { get; init; }
}

/// <param name="Name">MJCF name, or "joint{Id}" when the joint is unnamed.</param>
public sealed record JointInfo(int Id, string Name, int BodyId, JointKind Kind);

/// <summary>A box site in world coordinates: centre, row-major rotation (local -> world), half sizes, colour.</summary>
public sealed record SiteBox(string Name, Vec3 Center, double[] Rotation, Vec3 HalfSize, float[] Rgba)
{
    /// <summary>The 8 corners in world coordinates.</summary>
    public IEnumerable<Vec3> Corners()
    {
        for (var i = 0; i < 8; i++)
        {
            double lx = (i & 1) == 0 ? -HalfSize.X : HalfSize.X, ly = (i & 2) == 0 ? -HalfSize.Y : HalfSize.Y, lz = (i & 4) == 0 ? -HalfSize.Z : HalfSize.Z;
            var r = Rotation;
            yield return new Vec3(Center.X + r[0] * lx + r[1] * ly + r[2] * lz,
                Center.Y + r[3] * lx + r[4] * ly + r[5] * lz,
                Center.Z + r[6] * lx + r[7] * ly + r[8] * lz);
        }
    }
}

public sealed record SimulationOptions(double DurationSeconds = 2.0, Aabb? Bounds = null);

public sealed record BodyFinalState(string Name, Vec3 Position, double Speed, double Acceleration);

public sealed record SimulationReport(
    double SimulatedSeconds,
    int Steps,
    bool Finite,
    IReadOnlyList<string> Warnings,
    double MaxBodySpeed,
    string? FastestBody,
    double FinalKineticEnergy,
    double InitialPenetration,
    string? DeepestContact,
    IReadOnlyList<string> BodiesOutOfBounds,
    IReadOnlyList<BodyFinalState> FinalStates);

/// <summary>A body's frame position and orientation, its centre of mass, and its linear and angular velocity (world frame).</summary>
public readonly record struct BodyState(Vec3 Position, Quat Orientation, Vec3 CentreOfMass, Vec3 LinearVelocity, Vec3 AngularVelocity);
