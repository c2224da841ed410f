using System.Globalization;
using System.Text.Json.Nodes;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Grading;

/// <summary>A body entering a forbid zone: which zone, which body, when (simulated seconds).</summary>
public sealed record ZoneContact(string Zone, string Body, double Time);

/// <summary>
/// The low-level stepping core of grading: a compiled benchmark (optionally with a design merged in), the hand, the
/// design's motors and the watch over forbid zones, goal predicates and stability. Trajectory and design solutions, the
/// random baseline and the <c>benchgen env</c> step interface all drive this one class, so a trajectory stepped through
/// <c>env</c> ends in the same state as <c>evaluate</c>. The hand pushes on one or more subjects (an object or free part of
/// the task, or a body by its MJCF name) with a force and torque at the centre of mass, or on a jointed part with a joint
/// effort; its limits are <see cref="HandForceLimit"/> (N, per subject: max(2 N, 8 m g), the oracle's own carry limit),
/// a tenth of that in N·m of torque, and <see cref="SlideEffortLimit"/> / <see cref="HingeEffortLimit"/> on joints.
/// A command past a limit is clamped and recorded as a <c>hand_limit</c> violation.
/// </summary>
public sealed class GradingSession
{
    public const double SlideEffortLimit = 100;
    public const double HingeEffortLimit = 20;
    private const double Gravity = 9.81;

    private readonly MujocoModel _model;
    private readonly TaskScene _scene;
    private readonly IReadOnlyList<Aabb> _zones;
    private readonly IReadOnlyList<string> _zoneNames;
    private readonly double _maxBodySpeed;
    private readonly IReadOnlyList<DesignMotor> _motors;
    private readonly Dictionary<Predicate, double?> _firstTrue = [];
    private readonly List<ZoneContact> _contacts = [];
    private readonly HashSet<(int, int)> _inside = [];
    private readonly List<string> _limitViolations = [];
    private readonly Dictionary<int, (Vec3 F, Vec3 T)> _wrenches = [];
    private readonly Dictionary<int, double> _jointEfforts = [];
    private int[] _watched = [];
    private readonly IReadOnlyList<string> _alsoWatched;
    private double _effort;
    private double _maxSpeed;
    private double _clearance = double.PositiveInfinity;
    private bool _unstable;
    private long _steps;

    public GradingSession(MujocoModel model, TaskScene scene, IReadOnlyList<Aabb> forbidZones, IReadOnlyList<string> zoneNames, double maxBodySpeed,
        IReadOnlyList<DesignMotor>? motors = null, IReadOnlyList<string>? alsoWatched = null)
    {
        _alsoWatched = alsoWatched ?? [];
        _model = model;
        _scene = scene;
        _zones = forbidZones;
        _zoneNames = zoneNames;
        _maxBodySpeed = maxBodySpeed;
        _motors = motors ?? [];
        Reset();
    }

    public MujocoModel Model => _model;
    public TaskScene Scene => _scene;
    public double Time => _model.Time;
    public bool Unstable => _unstable;
    public double Effort => _effort;
    public IReadOnlyList<ZoneContact> Contacts => _contacts;
    public IReadOnlyList<string> LimitViolations => _limitViolations;

    /// <summary>Back to the benchmark's start state: nothing applied, nothing seen.</summary>
    public void Reset()
    {
        _scene.Reset();
        _model.ClearForces();
        // The task's free objects, and a design's own bodies: a design part flying off is instability too.
        _watched = _scene.Task.Objects.Where(o => o.Free).Select(o => _scene.BodyId(o.Body))
            .Concat(_alsoWatched.Select(_model.BodyId)).Where(id => id > 0).Distinct().ToArray();
        _firstTrue.Clear();
        foreach (var p in _scene.Task.Goal) _firstTrue[p] = null;
        _contacts.Clear();
        _inside.Clear();
        _limitViolations.Clear();
        _wrenches.Clear();
        _jointEfforts.Clear();
        _effort = 0;
        _maxSpeed = 0;
        _clearance = double.PositiveInfinity;
        _unstable = false;
        _steps = 0;
        Watch();
    }

    /// <summary>The largest force (N) the hand may put on a subject: max(2 N, 8 × its subtree mass × g).</summary>
    public double HandForceLimit(string subject)
    {
        var (body, _) = Resolve(subject);
        return Math.Max(2.0, 8 * PayloadGuide.SubtreeMass(_model, body) * Gravity);
    }

    /// <summary>
    /// What the hand and the motors do from now on, until the next call: the commands replace the previous ones.
    /// Throws <see cref="FormatException"/> for a subject or actuator the benchmark does not have.
    /// </summary>
    public void Hold(IEnumerable<HandSetpoint> commands, IReadOnlyDictionary<string, double>? controls = null)
    {
        _wrenches.Clear();
        _jointEfforts.Clear();
        foreach (var c in commands)
        {
            var (body, joint) = Resolve(c.Subject);
            if (c.Effort is { } effort)
            {
                if (joint < 0) throw new FormatException($"'{SolutionReader.Shown(c.Subject)}' has no joint for an effort; give a force instead");
                var limit = _model.Joints[joint].Kind == JointKind.Slide ? SlideEffortLimit : HingeEffortLimit;
                _jointEfforts[joint] = _jointEfforts.GetValueOrDefault(joint) + Limit(effort, limit, c);
            }
            else
            {
                if (body <= 0) throw new FormatException($"'{SolutionReader.Shown(c.Subject)}' is fixed to the world: the hand cannot push it");
                var forceLimit = HandForceLimit(c.Subject);
                var f = LimitVector(c.Force, forceLimit, c, "force");
                var t = LimitVector(c.Torque, 0.1 * forceLimit, c, "torque");
                var (f0, t0) = _wrenches.GetValueOrDefault(body);
                _wrenches[body] = (f0 + f, t0 + t);
            }
        }
        foreach (var (name, value) in controls ?? new Dictionary<string, double>())
        {
            var motor = _motors.FirstOrDefault(m => m.Name == name) ?? throw new FormatException($"no actuator '{SolutionReader.Shown(name)}'");
            var joint = _model.JointId(motor.Joint);
            _jointEfforts[joint] = _jointEfforts.GetValueOrDefault(joint) + motor.Gear * Math.Clamp(value, motor.CtrlMin, motor.CtrlMax);
        }
        Apply();
    }

    /// <summary>The hand lets go and the motors stop.</summary>
    public void Release()
    {
        _wrenches.Clear();
        _jointEfforts.Clear();
        _model.ClearForces();
    }

    /// <summary>Simulates <paramref name="seconds"/> with what is held; stops early (and stays stopped) once unstable.</summary>
    public void Advance(double seconds)
    {
        var dt = _model.Timestep;
        var steps = (long)Math.Ceiling(seconds / dt - 1e-9);
        var perStep = _wrenches.Values.Sum(w => w.F.Length + w.T.Length) + _jointEfforts.Values.Sum(Math.Abs);
        for (long i = 0; i < steps && !_unstable; i++)
        {
            _model.Step();
            _steps++;
            _effort += perStep * dt;
            if (_steps % 10 == 0) Watch();
        }
        Watch();
    }

    /// <summary>Runs until simulated time <paramref name="time"/> (no-op when already there).</summary>
    public void AdvanceTo(double time)
    {
        var left = time - _model.Time;
        if (left > 0.5 * _model.Timestep) Advance(left);
    }

    /// <summary>Lets go, settles <see cref="SkillExecutor.SettleSeconds"/>, and judges the goal as the oracle is judged.</summary>
    public SessionOutcome Finish()
    {
        Release();
        if (!_unstable) Advance(SkillExecutor.SettleSeconds);
        var goal = TaskPredicates.EvaluateAll(_scene, _scene.Task.Goal);
        var warnings = _model.ActiveWarnings();
        if (warnings.Any(w => w is "mjWARN_BADQPOS" or "mjWARN_BADQVEL" or "mjWARN_BADQACC")) _unstable = true;
        return new SessionOutcome(
            goal.Select(r => new PredicateTimeline(r.Predicate, r.Holds, _firstTrue.GetValueOrDefault(r.Predicate), r.Detail)).ToArray(),
            _contacts.ToArray(), !_unstable, Math.Round(_effort, 5), Math.Round(_model.Time, 5), Math.Round(_maxSpeed, 5),
            double.IsPositiveInfinity(_clearance) ? -1 : Math.Round(_clearance, 5), warnings, _limitViolations.Distinct().ToArray());
    }

    /// <summary>Every body's pose and velocities and every slide/hinge joint's position, rounded to 1e-6 (the env's and evaluate's final state).</summary>
    public static JsonObject Snapshot(MujocoModel model)
    {
        model.Forward();
        var bodies = new JsonObject();
        foreach (var b in model.Bodies)
        {
            var s = model.State(b.Id);
            bodies[b.Name] = new JsonObject
            {
                ["pos"] = Array(s.Position), ["quat"] = new JsonArray(R(s.Orientation.W), R(s.Orientation.X), R(s.Orientation.Y), R(s.Orientation.Z)),
                ["linvel"] = Array(s.LinearVelocity), ["angvel"] = Array(s.AngularVelocity),
            };
        }
        var joints = new JsonObject();
        foreach (var j in model.Joints.Where(j => j.Kind is JointKind.Slide or JointKind.Hinge))
            joints[j.Name] = R(model.JointPosition(j.Id));
        return new JsonObject { ["time"] = R(model.Time), ["bodies"] = bodies, ["joints"] = joints };
    }

    /// <summary>The observation of <c>benchgen env</c>: time, body poses and velocities, joint positions, goal predicates, forbid-zone contacts.</summary>
    public JsonObject Observe()
    {
        var snapshot = Snapshot(_model);
        var goal = new JsonArray();
        foreach (var r in TaskPredicates.EvaluateAll(_scene, _scene.Task.Goal))
            goal.Add(new JsonObject { ["predicate"] = r.Predicate.ToString(), ["holds"] = r.Holds });
        var contacts = new JsonArray();
        foreach (var c in _contacts) contacts.Add(new JsonObject { ["zone"] = c.Zone, ["body"] = c.Body, ["time"] = c.Time });
        snapshot["goal"] = goal;
        snapshot["forbid_contacts"] = contacts;
        snapshot["stable"] = !_unstable;
        snapshot["effort"] = Math.Round(_effort, 5);
        return snapshot;
    }

    /// <summary>The body a subject names (an object or part of the task, else an MJCF body) and its joint when it has one (else −1).</summary>
    public (int Body, int Joint) Resolve(string subject)
    {
        try
        {
            var (o, part) = _scene.Entity(subject);
            if (part is not null)
                return (_scene.BodyId(part.Body), part.Joint is null ? -1 : _model.JointId(part.Joint));
            var jointed = o.Parts.Values.Where(p => p.Joint is not null).ToArray();
            return (_scene.BodyId(o.Body), !o.Free && jointed.Length == 1 ? _model.JointId(jointed[0].Joint!) : -1);
        }
        catch (FormatException)
        {
            var id = _model.BodyId(subject);
            if (id > 0)
            {
                var joint = _model.Joints.FirstOrDefault(j => j.BodyId == id && j.Kind is JointKind.Slide or JointKind.Hinge);
                return (id, joint?.Id ?? -1);
            }
            var jid = _model.JointId(subject);
            if (jid >= 0 && _model.Joints[jid].Kind is JointKind.Slide or JointKind.Hinge) return (_model.Joints[jid].BodyId, jid);
            throw new FormatException($"the benchmark has no object, part, body or joint '{SolutionReader.Shown(subject)}'");
        }
    }

    private void Apply()
    {
        _model.ClearForces();
        foreach (var (body, (f, t)) in _wrenches) _model.ApplyWrench(body, f, t);
        foreach (var (joint, value) in _jointEfforts) _model.SetJointForce(joint, value);
    }

    private double Limit(double value, double limit, HandSetpoint c)
    {
        if (Math.Abs(value) <= limit) return value;
        _limitViolations.Add(Invariant($"t={c.Time:0.###}: effort {Math.Abs(value):0.###} on {SolutionReader.Shown(c.Subject)} above the hand's {limit:0.###}"));
        return Math.Clamp(value, -limit, limit);
    }

    private Vec3 LimitVector(Vec3 v, double limit, HandSetpoint c, string what)
    {
        var n = v.Length;
        if (n <= limit * (1 + 1e-9)) return v;
        _limitViolations.Add(Invariant($"t={c.Time:0.###}: {what} {n:0.###} on {SolutionReader.Shown(c.Subject)} above the hand's {limit:0.###}"));
        return v * (limit / n);
    }

    private void Watch()
    {
        foreach (var body in _watched)
        {
            var state = _model.State(body);
            var p = state.Position;
            var v = state.LinearVelocity.Length;
            if (!p.IsFinite || !double.IsFinite(v)) { _unstable = true; return; }
            _maxSpeed = Math.Max(_maxSpeed, v);
            for (var z = 0; z < _zones.Count; z++)
            {
                _clearance = Math.Min(_clearance, PayloadGuide.Distance(_zones[z], p));
                var inside = _zones[z].Contains(p);
                if (inside && _inside.Add((z, body)))
                    _contacts.Add(new ZoneContact(_zoneNames[z], _model.Bodies[body - 1].Name, Math.Round(_model.Time, 3)));
                else if (!inside) _inside.Remove((z, body));
            }
        }
        if (_maxSpeed > _maxBodySpeed) { _unstable = true; return; }
        if (_steps % 50 == 0)
            foreach (var p in _scene.Task.Goal)
                if (_firstTrue[p] is null && TaskPredicates.Evaluate(_scene, p).Holds) _firstTrue[p] = Math.Round(_model.Time, 3);
    }

    private static JsonArray Array(Vec3 v) => new(R(v.X), R(v.Y), R(v.Z));
    private static double R(double v) => double.IsFinite(v) ? Math.Round(v, 6) + 0.0 : 0;
    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a <see cref="GradingSession"/> saw by the time it was finished.</summary>
public sealed record SessionOutcome(
    IReadOnlyList<PredicateTimeline> Goal, IReadOnlyList<ZoneContact> Contacts, bool Stable, double Effort, double SimulatedSeconds, double MaxSpeed,
    double MinForbidClearance, IReadOnlyList<string> Warnings, IReadOnlyList<string> LimitViolations);
