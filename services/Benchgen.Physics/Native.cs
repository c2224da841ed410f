using System.Runtime.InteropServices;
using System.Text;

namespace Benchgen.Physics;

/// <summary>P/Invoke surface of libbenchgen_mujoco.so (native/benchgen_mujoco.h).</summary>
internal static unsafe partial class Native
{
    private const string Lib = "benchgen_mujoco";
    internal const int ErrorBufferSize = 1024;

    [LibraryImport(Lib)] internal static partial nint bg_version();

    /// <summary>Indexes of bg_load's limits array (BG_LIMIT_* in benchgen_mujoco.h).</summary>
    internal const int LimitBodies = 0, LimitGeoms = 1, LimitJoints = 2, LimitModelBytes = 3, LimitDataBytes = 4, LimitCount = 5;

    [LibraryImport(Lib)]
    internal static partial int bg_load(byte* xml, int xmlLength, long* limits, double minTimestep, long token,
        out SimHandle sim, long* measured, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial void bg_memory(SimHandle sim, long* bytes);
    [LibraryImport(Lib)] internal static partial void bg_free(nint sim);
    [LibraryImport(Lib)] internal static partial void bg_counts(SimHandle sim, int* counts);
    [LibraryImport(Lib)] internal static partial double bg_timestep(SimHandle sim);
    [LibraryImport(Lib)] internal static partial double bg_time(SimHandle sim);
    [LibraryImport(Lib)] internal static partial double bg_fovy(SimHandle sim);
    [LibraryImport(Lib)] internal static partial void bg_statistic(SimHandle sim, double* stat);
    [LibraryImport(Lib)] internal static partial nint bg_name(SimHandle sim, int objType, int id);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bg_name2id(SimHandle sim, int objType, string name);
    [LibraryImport(Lib)] internal static partial void bg_body_info(SimHandle sim, int* parent, int* isFree, double* mass);
    [LibraryImport(Lib)] internal static partial void bg_geom_info(SimHandle sim, int* body, int* type, double* size, float* rgba, double* rbound);
    [LibraryImport(Lib)] internal static partial void bg_joint_info(SimHandle sim, int* body, int* type);
    [LibraryImport(Lib)] internal static partial int bg_reset(SimHandle sim, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial int bg_forward(SimHandle sim, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial int bg_step(SimHandle sim, int count, byte* err, int errLength);
    [LibraryImport(Lib)]
    internal static partial int bg_run(SimHandle sim, int count, double* bounds, int* outOfBounds,
        double* maxSpeed, int* fastestBody, int* nonFinite, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial void bg_body_xpos(SimHandle sim, double* xyz);
    [LibraryImport(Lib)] internal static partial void bg_geom_xpos(SimHandle sim, double* xyz);
    [LibraryImport(Lib)] internal static partial void bg_geom_xmat(SimHandle sim, double* mat);
    [LibraryImport(Lib)] internal static partial int bg_site_spheres(SimHandle sim, double* xyzr, int capacity);
    [LibraryImport(Lib)] internal static partial int bg_site_count(SimHandle sim);
    [LibraryImport(Lib)] internal static partial int bg_site_boxes(SimHandle sim, double* boxes, int capacity);
    [LibraryImport(Lib)] internal static partial void bg_body_linvel(SimHandle sim, double* xyz);
    [LibraryImport(Lib)] internal static partial int bg_body_linacc(SimHandle sim, double* xyz, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial double bg_joint_qpos(SimHandle sim, int joint);
    [LibraryImport(Lib)] internal static partial int bg_set_free_body_pos(SimHandle sim, int body, double x, double y, double z);
    [LibraryImport(Lib)] internal static partial int bg_nq(SimHandle sim);
    [LibraryImport(Lib)] internal static partial void bg_get_qpos(SimHandle sim, double* qpos);
    [LibraryImport(Lib)] internal static partial int bg_set_qpos(SimHandle sim, double* qpos, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial void bg_apply_force(SimHandle sim, int body, double fx, double fy, double fz);
    [LibraryImport(Lib)] internal static partial void bg_clear_forces(SimHandle sim);
    [LibraryImport(Lib)] internal static partial void bg_apply_wrench(SimHandle sim, int body, double fx, double fy, double fz, double tx, double ty, double tz);
    [LibraryImport(Lib)] internal static partial double bg_joint_qvel(SimHandle sim, int joint);
    [LibraryImport(Lib)] internal static partial void bg_set_joint_force(SimHandle sim, int joint, double value);
    [LibraryImport(Lib)] internal static partial void bg_clear_joint_forces(SimHandle sim);
    [LibraryImport(Lib)] internal static partial void bg_joint_dynamics(SimHandle sim, int joint, double* dampingFrictionloss);
    [LibraryImport(Lib)] internal static partial void bg_body_state(SimHandle sim, int body, double* out16);
    [LibraryImport(Lib)] internal static partial void bg_joint_xaxis(SimHandle sim, int joint, double* xyz);
    [LibraryImport(Lib)] internal static partial double bg_joint_inertia(SimHandle sim, int joint);
    [LibraryImport(Lib)] internal static partial double bg_max_penetration(SimHandle sim, int* geom1, int* geom2);
    [LibraryImport(Lib)] internal static partial void bg_warnings(SimHandle sim, int* numbers);
    [LibraryImport(Lib)] internal static partial int bg_is_finite(SimHandle sim);
    [LibraryImport(Lib)] internal static partial double bg_kinetic_energy(SimHandle sim);

    [LibraryImport(Lib)] internal static partial RendererHandle bg_renderer_create(int width, int height, byte* err, int errLength);
    [LibraryImport(Lib)] internal static partial void bg_renderer_free(nint renderer);
    [LibraryImport(Lib)] internal static partial void bg_renderer_style(RendererHandle renderer, int drawSites, double floorScale);
    [LibraryImport(Lib)]
    internal static partial int bg_render(RendererHandle renderer, SimHandle sim, double azimuth, double elevation,
        double distance, double lookAtX, double lookAtY, double lookAtZ, byte* rgb, int* bodyPixels, byte* err, int errLength);

    internal static string ErrorText(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]).Trim();
    }
}

/// <summary>Owns one native bg_sim (mjModel + mjData).</summary>
internal sealed class SimHandle : SafeHandle
{
    public SimHandle() : base(nint.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == nint.Zero;
    protected override bool ReleaseHandle()
    {
        Native.bg_free(handle);
        return true;
    }
}

/// <summary>Owns one native OSMesa renderer and the MuJoCo GPU resources cached in it.</summary>
internal sealed class RendererHandle : SafeHandle
{
    public RendererHandle() : base(nint.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == nint.Zero;
    protected override bool ReleaseHandle()
    {
        Native.bg_renderer_free(handle);
        return true;
    }
}
