using System.Runtime.InteropServices;
using System.Text;

namespace Benchgen.Physics;

/// <summary>
/// A compiled MuJoCo model with its simulation state (mjModel + mjData).
/// Not thread-safe: use one instance per thread.
/// </summary>
public sealed unsafe class MujocoModel : IDisposable
{
    private const int ObjBody = 1, ObjJoint = 3, ObjGeom = 5, ObjSite = 6; // mjtObj

    // Indexed like MuJoCo's mjtWarning.
    private static readonly string[] WarningNames =
    [
        "mjWARN_INERTIA", "mjWARN_CONTACTFULL", "mjWARN_CNSTRFULL", "mjWARN_VGEOMFULL",
        "mjWARN_BADQPOS", "mjWARN_BADQVEL", "mjWARN_BADQACC", "mjWARN_BADCTRL",
    ];

    private static long nextToken;

    private readonly SimHandle handle;
    private readonly int bodyCount, geomCount, warningCount;
    private readonly string[] bodyNames;
    private readonly string[] geomNames;

    private readonly long maxSteps;
    private readonly long deadline;
    private readonly double maxWallSeconds;
    private readonly CancellationToken cancellation;
    private long stepsTaken;

    private MujocoModel(SimHandle handle, string fileName, MujocoLimits limits, CancellationToken cancellation)
    {
        this.handle = handle;
        FileName = fileName;
        this.cancellation = cancellation;
        maxSteps = limits.MaxStepsPerModel;
        maxWallSeconds = limits.MaxWallSecondsPerModel;
        deadline = maxWallSeconds > 0 && double.IsFinite(maxWallSeconds)
            ? System.Diagnostics.Stopwatch.GetTimestamp() + (long)Math.Min(maxWallSeconds * System.Diagnostics.Stopwatch.Frequency, long.MaxValue / 4)
            : long.MaxValue;
        var counts = stackalloc int[6];
        Native.bg_counts(handle, counts);
        bodyCount = counts[0];
        geomCount = counts[1];
        var jointCount = counts[2];
        warningCount = counts[5];

        bodyNames = new string[bodyCount];
        for (var b = 0; b < bodyCount; b++) bodyNames[b] = NameOf(ObjBody, b, b == 0 ? "world" : $"body{b}");
        geomNames = new string[geomCount];
        for (var g = 0; g < geomCount; g++) geomNames[g] = NameOf(ObjGeom, g, $"geom{g}");

        var parent = new int[bodyCount];
        var isFree = new int[bodyCount];
        var mass = new double[bodyCount];
        fixed (int* p = parent, f = isFree)
        fixed (double* m = mass)
            Native.bg_body_info(handle, p, f, m);
        Bodies = Enumerable.Range(1, bodyCount - 1)
            .Select(b => new BodyInfo(b, bodyNames[b], parent[b], isFree[b] != 0, mass[b]))
            .ToArray();

        var geomBody = new int[geomCount];
        var geomType = new int[geomCount];
        var size = new double[3 * geomCount];
        var rgba = new float[4 * geomCount];
        var rbound = new double[geomCount];
        fixed (int* gb = geomBody, gt = geomType)
        fixed (double* s = size, rb = rbound)
        fixed (float* c = rgba)
            Native.bg_geom_info(handle, gb, gt, s, c, rb);
        Geoms = Enumerable.Range(0, geomCount)
            .Select(g => new GeomInfo(g, geomNames[g], geomBody[g], (GeomShape)geomType[g],
                new Vec3(size[3 * g], size[3 * g + 1], size[3 * g + 2]), rgba[(4 * g)..(4 * g + 4)])
            { BoundingRadius = rbound[g] })
            .ToArray();

        var jointBody = new int[jointCount];
        var jointType = new int[jointCount];
        fixed (int* jb = jointBody, jt = jointType)
            Native.bg_joint_info(handle, jb, jt);
        Joints = Enumerable.Range(0, jointCount)
            .Select(j => new JointInfo(j, NameOf(ObjJoint, j, $"joint{j}"), jointBody[j], (JointKind)jointType[j]))
            .ToArray();
    }

    /// <summary>
    /// Compiles MJCF text. The text passes <see cref="MjcfGate"/> first (no files, no plugins, sizes within
    /// <paramref name="limits"/>); the compiled model is measured against the same limits before its mjData is
    /// allocated. Refusals throw <see cref="ModelRejectedException"/>; MuJoCo's own errors <see cref="MujocoException"/>.
    /// Every step the model then takes counts against <see cref="MujocoLimits.MaxStepsPerModel"/> and
    /// <see cref="MujocoLimits.MaxWallSecondsPerModel"/> (<see cref="SimulationBudgetException"/>), and stops with
    /// <see cref="OperationCanceledException"/> soon after <paramref name="cancellation"/> is cancelled.
    /// </summary>
    /// <param name="fileName">A label for messages only: MuJoCo always reads the text from a VFS under a fixed name.</param>
    public static MujocoModel Compile(string mjcf, string fileName = "model.xml", MujocoLimits? limits = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(mjcf);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        cancellation.ThrowIfCancellationRequested();
        limits ??= MujocoLimits.Default;
        try
        {
            MjcfGate.Check(mjcf, limits);
        }
        catch (ModelRejectedException ex)
        {
            throw new ModelRejectedException($"{fileName} was refused before compiling: {ex.Message}");
        }

        var bytes = Encoding.UTF8.GetBytes(mjcf);
        var err = stackalloc byte[Native.ErrorBufferSize];
        err[0] = 0;
        var caps = stackalloc long[Native.LimitCount];
        caps[Native.LimitBodies] = limits.MaxBodies;
        caps[Native.LimitGeoms] = limits.MaxGeoms;
        caps[Native.LimitJoints] = limits.MaxJoints;
        caps[Native.LimitModelBytes] = MujocoLimits.Megabytes(limits.MaxModelMegabytes);
        caps[Native.LimitDataBytes] = MujocoLimits.Megabytes(limits.MaxDataMegabytes);
        long measured = 0;
        SimHandle handle;
        int rc;
        fixed (byte* xml = bytes)
            rc = Native.bg_load(xml, bytes.Length, caps, limits.MinTimestep, Interlocked.Increment(ref nextToken), out handle, &measured,
                err, Native.ErrorBufferSize);
        if (rc != 0 || handle.IsInvalid)
        {
            handle.Dispose();
            if (rc > 0)
                throw new ModelRejectedException($"{fileName} was refused after compiling: " + rc switch
                {
                    1 + Native.LimitBodies => $"it has {measured} bodies, more than the limit of {limits.MaxBodies} (Mujoco:MaxBodies)",
                    1 + Native.LimitGeoms => $"it has {measured} geoms, more than the limit of {limits.MaxGeoms} (Mujoco:MaxGeoms)",
                    1 + Native.LimitJoints => $"it has {measured} joints, more than the limit of {limits.MaxJoints} (Mujoco:MaxJoints)",
                    1 + Native.LimitModelBytes => $"the model takes {Mib(measured)} MiB, more than the limit of {limits.MaxModelMegabytes} MiB (Mujoco:MaxModelMegabytes)",
                    1 + Native.LimitDataBytes => $"its simulation data would take {Mib(measured)} MiB, more than the limit of {limits.MaxDataMegabytes} MiB (Mujoco:MaxDataMegabytes)",
                    _ => FormattableString.Invariant($"its timestep is below the minimum of {limits.MinTimestep:G3} s (Mujoco:MinTimestep)"),
                });
            var text = Native.ErrorText(new ReadOnlySpan<byte>(err, Native.ErrorBufferSize));
            throw new MujocoException($"MuJoCo rejected {fileName}: {text}");
        }
        return new MujocoModel(handle, fileName, limits, cancellation);
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bytes of the mjModel buffer and of the mjData buffer plus stack.</summary>
    public (long Model, long Data) MemoryBytes
    {
        get
        {
            var b = stackalloc long[2];
            Native.bg_memory(Handle, b);
            return (b[0], b[1]);
        }
    }

    /// <summary>Steps taken over the model's life (they count against <see cref="MujocoLimits.MaxStepsPerModel"/>).</summary>
    public long StepsTaken => stepsTaken;

    public string FileName { get; }
    /// <summary>All bodies except the world body (id 0); ids are MuJoCo body ids.</summary>
    public IReadOnlyList<BodyInfo> Bodies { get; }
    public IReadOnlyList<GeomInfo> Geoms { get; }
    public IReadOnlyList<JointInfo> Joints { get; }
    public double Timestep => Native.bg_timestep(Handle);
    public double Time => Native.bg_time(Handle);
    /// <summary>Vertical field of view of the free camera, degrees (visual/global fovy).</summary>
    public double FieldOfViewY => Native.bg_fovy(Handle);

    /// <summary>MuJoCo's own scene statistic (stat.center / stat.extent), computed at qpos0.</summary>
    public (Vec3 Center, double Extent) Statistic
    {
        get
        {
            var s = stackalloc double[4];
            Native.bg_statistic(Handle, s);
            return (new Vec3(s[0], s[1], s[2]), s[3]);
        }
    }

    internal SimHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsClosed, this);
            return handle;
        }
    }

    internal int BodyCount => bodyCount;
    internal string BodyName(int bodyId) => bodyNames[bodyId];

    public int BodyId(string name) => Native.bg_name2id(Handle, ObjBody, name);

    public void Reset()
    {
        var err = stackalloc byte[Native.ErrorBufferSize];
        Check(Native.bg_reset(Handle, err, Native.ErrorBufferSize), err, "mj_resetData");
    }

    public void Forward()
    {
        var err = stackalloc byte[Native.ErrorBufferSize];
        Check(Native.bg_forward(Handle, err, Native.ErrorBufferSize), err, "mj_forward");
    }

    /// <summary>Steps <paramref name="count"/> times, in chunks checked against the budget and the cancellation token.</summary>
    public void Step(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var err = stackalloc byte[Native.ErrorBufferSize];
        for (var done = 0; done < count;)
        {
            var chunk = Allow(Math.Min(count - done, MujocoLimits.CheckEverySteps));
            Check(Native.bg_step(Handle, chunk, err, Native.ErrorBufferSize), err, "mj_step");
            done += chunk;
        }
    }

    /// <summary>
    /// Admits <paramref name="steps"/> more steps: throws when the token is cancelled, the step budget would be passed
    /// or the wall-clock budget has run out. The clock is read once per <see cref="MujocoLimits.CheckEverySteps"/>
    /// steps, so single-step control loops pay for it only that often.
    /// </summary>
    private int Allow(int steps)
    {
        cancellation.ThrowIfCancellationRequested();
        if (maxSteps > 0 && stepsTaken + steps > maxSteps)
            throw new SimulationBudgetException(
                $"{FileName} passed its budget of {maxSteps} simulation steps (Mujoco:MaxStepsPerModel); the simulation was stopped");
        var before = stepsTaken;
        stepsTaken += steps;
        if (deadline != long.MaxValue && (steps > 1 || before / MujocoLimits.CheckEverySteps != stepsTaken / MujocoLimits.CheckEverySteps)
            && System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
            throw new SimulationBudgetException(FormattableString.Invariant(
                $"{FileName} passed its budget of {maxWallSeconds:0.###} s of simulation wall time (Mujoco:MaxWallSecondsPerModel); the simulation was stopped"));
        return steps;
    }

    public Vec3 BodyPosition(int bodyId) => ReadBodyVector(bodyId, Native.bg_body_xpos);

    /// <summary>World-frame linear velocity of the body's centre of mass.</summary>
    public Vec3 BodyLinearVelocity(int bodyId) => ReadBodyVector(bodyId, Native.bg_body_linvel);

    /// <summary>
    /// World-frame linear acceleration of the body's centre of mass (gravity removed, so a body at rest
    /// reads ~0 and a falling body ~g). Runs mj_forward + mj_rnePostConstraint on the current state.
    /// </summary>
    public Vec3 BodyLinearAcceleration(int bodyId)
    {
        CheckBody(bodyId);
        return AllBodyAccelerations()[bodyId];
    }

    /// <summary>Positions of every geom's frame, indexed by geom id (valid after Forward/Step).</summary>
    public IReadOnlyList<Vec3> GeomPositions()
    {
        var xyz = new double[3 * geomCount];
        fixed (double* p = xyz) Native.bg_geom_xpos(Handle, p);
        return ToVectors(xyz);
    }

    /// <summary>
    /// World axis-aligned box of every geom at the current state (call Forward first), indexed by geom id: the geom's
    /// own extent (box half sizes, sphere radius, capsule/cylinder radius and half length, ellipsoid radii) turned by its
    /// orientation. Planes and height fields get their bounding sphere.
    /// </summary>
    public IReadOnlyList<Aabb> GeomBoxes()
    {
        var positions = GeomPositions();
        var mats = new double[9 * geomCount];
        fixed (double* p = mats) Native.bg_geom_xmat(Handle, p);
        var boxes = new Aabb[geomCount];
        for (var g = 0; g < geomCount; g++)
        {
            var info = Geoms[g];
            var s = info.Size;
            Vec3 local = info.Shape switch
            {
                GeomShape.Box or GeomShape.Ellipsoid => s,
                GeomShape.Sphere => new Vec3(s.X, s.X, s.X),
                GeomShape.Capsule => new Vec3(s.X, s.X, s.Y + s.X),
                GeomShape.Cylinder => new Vec3(s.X, s.X, s.Y),
                _ => new Vec3(info.BoundingRadius, info.BoundingRadius, info.BoundingRadius),
            };
            var m = mats.AsSpan(9 * g, 9);
            var half = info.Shape is GeomShape.Box or GeomShape.Ellipsoid or GeomShape.Capsule or GeomShape.Cylinder
                ? new Vec3(Math.Abs(m[0]) * local.X + Math.Abs(m[1]) * local.Y + Math.Abs(m[2]) * local.Z,
                    Math.Abs(m[3]) * local.X + Math.Abs(m[4]) * local.Y + Math.Abs(m[5]) * local.Z,
                    Math.Abs(m[6]) * local.X + Math.Abs(m[7]) * local.Y + Math.Abs(m[8]) * local.Z)
                : local;
            boxes[g] = new Aabb(positions[g] - half, positions[g] + half);
        }
        return boxes;
    }

    /// <summary>The deepest contact of the last Forward/Step: depth (>= 0) and the two geoms' names (null when none).</summary>
    public (double Depth, string? Geom1, string? Geom2) DeepestContactPair()
    {
        var (depth, g1, g2) = DeepestContact();
        return g1 < 0 ? (0, null, null) : (depth, geomNames[g1], geomNames[g2]);
    }

    /// <summary>Visible sites (zone markers and the like) as bounding spheres at the current state.</summary>
    public IReadOnlyList<(Vec3 Center, double Radius)> VisibleSiteSpheres()
    {
        var capacity = Native.bg_site_count(Handle);
        var xyzr = new double[4 * Math.Max(1, capacity)];
        int count;
        fixed (double* p = xyzr) count = Native.bg_site_spheres(Handle, p, capacity);
        var spheres = new (Vec3, double)[count];
        for (var i = 0; i < count; i++)
            spheres[i] = (new Vec3(xyzr[4 * i], xyzr[4 * i + 1], xyzr[4 * i + 2]), xyzr[4 * i + 3]);
        return spheres;
    }

    /// <summary>The visible box sites (a benchmark's goal and forbid zones) at the current state (call Forward first).</summary>
    public IReadOnlyList<SiteBox> SiteBoxes()
    {
        var capacity = Math.Max(1, Native.bg_site_count(Handle));
        var raw = new double[20 * capacity];
        int count;
        fixed (double* p = raw) count = Native.bg_site_boxes(Handle, p, capacity);
        var boxes = new SiteBox[count];
        for (var i = 0; i < count; i++)
        {
            var o = raw.AsSpan(20 * i, 20);
            var id = (int)o[0];
            boxes[i] = new SiteBox(NameOf(ObjSite, id, $"site{id}"), new Vec3(o[1], o[2], o[3]), o.Slice(4, 9).ToArray(),
                new Vec3(o[13], o[14], o[15]), [(float)o[16], (float)o[17], (float)o[18], (float)o[19]]);
        }
        return boxes;
    }

    public double JointPosition(int jointId)
    {
        if ((uint)jointId >= (uint)Joints.Count)
            throw new ArgumentOutOfRangeException(nameof(jointId), jointId, $"{FileName} has {Joints.Count} joints.");
        if (Joints[jointId].Kind is not (JointKind.Slide or JointKind.Hinge))
            throw new ArgumentException($"Joint {Joints[jointId].Name} is a {Joints[jointId].Kind} joint; only slide/hinge joints have a scalar position.", nameof(jointId));
        return Native.bg_joint_qpos(Handle, jointId);
    }

    /// <summary>Number of generalized position coordinates (MuJoCo's nq).</summary>
    public int PositionCount => Native.bg_nq(Handle);

    /// <summary>A copy of the generalized positions (qpos), <see cref="PositionCount"/> values.</summary>
    public double[] Positions()
    {
        var q = new double[Math.Max(1, PositionCount)];
        fixed (double* p = q) Native.bg_get_qpos(Handle, p);
        return PositionCount == 0 ? [] : q;
    }

    /// <summary>Sets every generalized position (qpos), zeroes the velocities and runs Forward: a pose to look at, not to step from.</summary>
    public void SetPositions(ReadOnlySpan<double> qpos)
    {
        if (qpos.Length != PositionCount)
            throw new ArgumentException($"{FileName} has {PositionCount} position coordinates; {qpos.Length} were given.", nameof(qpos));
        foreach (var v in qpos)
            if (!double.IsFinite(v)) throw new ArgumentException("Positions must be finite.", nameof(qpos));
        var err = stackalloc byte[Native.ErrorBufferSize];
        var padded = qpos.Length == 0 ? [0.0] : qpos.ToArray();
        fixed (double* p = padded) Check(Native.bg_set_qpos(Handle, p, err, Native.ErrorBufferSize), err, "mj_forward");
    }

    /// <summary>Writes the free joint's position (orientation kept) and zeroes its velocity.</summary>
    public void SetFreeBodyPosition(int bodyId, Vec3 position)
    {
        CheckBody(bodyId);
        if (Native.bg_set_free_body_pos(Handle, bodyId, position.X, position.Y, position.Z) != 0)
            throw new ArgumentException($"Body {bodyNames[bodyId]} has no free joint, so its position cannot be set.", nameof(bodyId));
    }

    /// <summary>Sets xfrc_applied for the body; it stays applied until <see cref="ClearForces"/>.</summary>
    public void ApplyForce(int bodyId, Vec3 force)
    {
        CheckBody(bodyId);
        Native.bg_apply_force(Handle, bodyId, force.X, force.Y, force.Z);
    }

    /// <summary>Clears every body wrench (xfrc_applied) and joint force (qfrc_applied).</summary>
    public void ClearForces()
    {
        Native.bg_clear_forces(Handle);
        Native.bg_clear_joint_forces(Handle);
    }

    /// <summary>One body's pose and velocities in a single call (valid after Forward/Step): cheap inside a control loop.</summary>
    public BodyState State(int bodyId)
    {
        CheckBody(bodyId);
        var v = stackalloc double[16];
        Native.bg_body_state(Handle, bodyId, v);
        return new BodyState(new Vec3(v[0], v[1], v[2]), new Quat(v[3], v[4], v[5], v[6]), new Vec3(v[7], v[8], v[9]),
            new Vec3(v[10], v[11], v[12]), new Vec3(v[13], v[14], v[15]));
    }

    /// <summary>Sets xfrc_applied (force and torque, world frame, at the centre of mass) until <see cref="ClearForces"/>.</summary>
    public void ApplyWrench(int bodyId, Vec3 force, Vec3 torque)
    {
        CheckBody(bodyId);
        Native.bg_apply_wrench(Handle, bodyId, force.X, force.Y, force.Z, torque.X, torque.Y, torque.Z);
    }

    public double JointVelocity(int jointId)
    {
        JointPosition(jointId);
        return Native.bg_joint_qvel(Handle, jointId);
    }

    /// <summary>Generalized force (N or N·m) on a slide/hinge joint, applied until <see cref="ClearForces"/>.</summary>
    public void SetJointForce(int jointId, double value)
    {
        JointPosition(jointId);
        Native.bg_set_joint_force(Handle, jointId, double.IsFinite(value) ? value : 0);
    }

    public int JointId(string name) => Native.bg_name2id(Handle, ObjJoint, name);

    /// <summary>Damping (N·s/m or N·m·s/rad) and friction loss (N or N·m) of a slide/hinge joint.</summary>
    public (double Damping, double FrictionLoss) JointDynamics(int jointId)
    {
        JointPosition(jointId);
        var v = stackalloc double[2];
        Native.bg_joint_dynamics(Handle, jointId, v);
        return (v[0], v[1]);
    }

    /// <summary>World-frame axis of a slide/hinge joint at the current state.</summary>
    public Vec3 JointAxis(int jointId)
    {
        JointPosition(jointId);
        var v = stackalloc double[3];
        Native.bg_joint_xaxis(Handle, jointId, v);
        return new Vec3(v[0], v[1], v[2]);
    }

    /// <summary>Joint-space inertia on a slide/hinge joint's degree of freedom (kg or kg·m²) at the current state.</summary>
    public double JointInertia(int jointId)
    {
        JointPosition(jointId);
        return Native.bg_joint_inertia(Handle, jointId);
    }

    /// <summary>Deepest contact penetration in metres (>= 0) from the contacts of the last Forward/Step.</summary>
    public double MaxPenetration() => DeepestContact().Depth;

    /// <summary>Names of MuJoCo warnings raised since the last reset, e.g. "mjWARN_BADQACC".</summary>
    public IReadOnlyList<string> ActiveWarnings()
    {
        var numbers = new int[warningCount];
        fixed (int* n = numbers) Native.bg_warnings(Handle, n);
        var names = new List<string>();
        for (var i = 0; i < numbers.Length; i++)
            if (numbers[i] > 0) names.Add(i < WarningNames.Length ? WarningNames[i] : $"mjWARN_{i}");
        return names;
    }

    /// <summary>Resets, measures the initial penetration, steps for the duration and reports what happened.</summary>
    public SimulationReport Simulate(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.DurationSeconds >= 0) || double.IsInfinity(options.DurationSeconds))
            throw new ArgumentOutOfRangeException(nameof(options), options.DurationSeconds, "DurationSeconds must be a finite, non-negative number.");

        Reset();
        Forward();
        var (penetration, g1, g2) = DeepestContact();
        var deepestContact = g1 >= 0 ? $"{geomNames[g1]}/{geomNames[g2]}" : null;

        // A duration beyond int steps is beyond any step budget too: Allow stops it at the budget.
        var steps = (int)Math.Min(Math.Ceiling(options.DurationSeconds / Timestep - 1e-9), int.MaxValue);
        var outOfBounds = new int[bodyCount];
        double maxSpeed = 0;
        int fastest = -1, nonFinite = 0;
        var err = stackalloc byte[Native.ErrorBufferSize];
        int rc;
        var bounds = stackalloc double[6];
        var hasBounds = options.Bounds is not null;
        if (options.Bounds is { } b)
        {
            bounds[0] = b.Min.X; bounds[1] = b.Min.Y; bounds[2] = b.Min.Z;
            bounds[3] = b.Max.X; bounds[4] = b.Max.Y; bounds[5] = b.Max.Z;
        }
        // bg_run accumulates into the same outputs, so running it chunk by chunk is the same as one call.
        fixed (int* oob = outOfBounds)
            for (var done = 0; done < steps;)
            {
                var chunk = Allow(Math.Min(steps - done, MujocoLimits.CheckEverySteps));
                rc = Native.bg_run(Handle, chunk, hasBounds ? bounds : null, oob, &maxSpeed, &fastest, &nonFinite, err, Native.ErrorBufferSize);
                Check(rc, err, "mj_step");
                done += chunk;
            }

        Forward();
        var warnings = ActiveWarnings();
        var finite = nonFinite == 0 && Native.bg_is_finite(Handle) != 0
            && !warnings.Contains("mjWARN_BADQPOS") && !warnings.Contains("mjWARN_BADQVEL");

        var positions = AllBodyVectors(Native.bg_body_xpos);
        var velocities = AllBodyVectors(Native.bg_body_linvel);
        var accelerations = AllBodyAccelerations();
        var finalStates = Bodies.Where(body => body.IsFree)
            .Select(body => new BodyFinalState(body.Name, positions[body.Id], velocities[body.Id].Length, accelerations[body.Id].Length))
            .ToArray();

        return new SimulationReport(
            SimulatedSeconds: steps * Timestep,
            Steps: steps,
            Finite: finite,
            Warnings: warnings,
            MaxBodySpeed: maxSpeed,
            FastestBody: fastest > 0 ? bodyNames[fastest] : null,
            FinalKineticEnergy: Native.bg_kinetic_energy(Handle),
            InitialPenetration: penetration,
            DeepestContact: deepestContact,
            BodiesOutOfBounds: Enumerable.Range(1, bodyCount - 1).Where(i => outOfBounds[i] != 0).Select(i => bodyNames[i]).ToArray(),
            FinalStates: finalStates);
    }

    public void Dispose() => handle.Dispose();

    private (double Depth, int Geom1, int Geom2) DeepestContact()
    {
        int g1, g2;
        var depth = Native.bg_max_penetration(Handle, &g1, &g2);
        return (depth, g1, g2);
    }

    private Vec3[] AllBodyAccelerations()
    {
        var xyz = new double[3 * bodyCount];
        var err = stackalloc byte[Native.ErrorBufferSize];
        int rc;
        fixed (double* p = xyz) rc = Native.bg_body_linacc(Handle, p, err, Native.ErrorBufferSize);
        Check(rc, err, "mj_rnePostConstraint");
        return ToVectors(xyz);
    }

    private delegate void BodyVectorReader(SimHandle sim, double* xyz);

    private Vec3[] AllBodyVectors(BodyVectorReader reader)
    {
        var xyz = new double[3 * bodyCount];
        fixed (double* p = xyz) reader(Handle, p);
        return ToVectors(xyz);
    }

    private Vec3 ReadBodyVector(int bodyId, BodyVectorReader reader)
    {
        CheckBody(bodyId);
        return AllBodyVectors(reader)[bodyId];
    }

    private static Vec3[] ToVectors(double[] xyz)
    {
        var result = new Vec3[xyz.Length / 3];
        for (var i = 0; i < result.Length; i++) result[i] = new Vec3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        return result;
    }

    private void CheckBody(int bodyId)
    {
        if (bodyId < 0 || bodyId >= bodyCount)
            throw new ArgumentOutOfRangeException(nameof(bodyId), bodyId, $"{FileName} has body ids 0..{bodyCount - 1}.");
    }

    private string NameOf(int objType, int id, string fallback)
    {
        var name = Marshal.PtrToStringUTF8(Native.bg_name(handle, objType, id));
        return string.IsNullOrEmpty(name) ? fallback : name;
    }

    private void Check(int rc, byte* err, string call)
    {
        if (rc != 0) throw new MujocoException($"MuJoCo failed in {call} for {FileName}: {Native.ErrorText(new ReadOnlySpan<byte>(err, Native.ErrorBufferSize))}");
    }
}
