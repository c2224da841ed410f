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
