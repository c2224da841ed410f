using System.Globalization;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>When a goal predicate first became true during a run (null: never), and whether it held at the end.</summary>
public sealed record PredicateTimeline(Predicate Predicate, bool AtEnd, double? FirstTrue, string Detail);

/// <summary>What one run of a skill plan did: the goal's truth, forbid-zone entries, stability and effort.</summary>
public sealed record TaskOutcome(
    bool Succeeded,
    IReadOnlyList<PredicateTimeline> Goal,
    string? ForbidZoneEntered,
    double? ForbidZoneTime,
    bool Stable,
    double Effort,
    double SimulatedSeconds,
    double MaxSpeed,
    double MinForbidClearance,
    double PathLength,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Steps,
    string Detail);

/// <summary>
/// The guided-force hand that replays skills in MuJoCo. Carry and push drive the subject's centre of mass along a
/// path with a critically damped PD force (plus gravity compensation while carrying) and hold its orientation with a
/// PD torque; drive and press put a bounded generalized force on the part's joint until it reaches the target;
/// topple pushes an upright object at its top. After the last step the hand lets go and the scene runs
/// <see cref="SettleSeconds"/> more: the goal must still hold then, with no forbid zone entered and no instability.
/// </summary>
public sealed partial class SkillExecutor(TaskScene scene, IReadOnlyList<Aabb> forbidZones, double scale, double maxBodySpeed)
{
    /// <summary>Seconds the scene runs after the hand lets go, before the goal is judged ("still true 1 s after release").</summary>
    public const double SettleSeconds = 1.0;

    private const double Gravity = 9.81;
    private const double Omega = 12.0;

    private readonly MujocoModel _model = scene.Model;
    private readonly List<string> _log = [];
    private readonly Dictionary<Predicate, double?> _firstTrue = [];
    private double _effort;
    private double _maxSpeed;
    private double _clearance = double.PositiveInfinity;
    private double _path;
    private string? _forbidden;
    private double? _forbiddenAt;
    private bool _unstable;
    private int _stepCount;
    private int[] _watched = [];
    private readonly List<(int Zone, string Body, double Time)> _contacts = [];
    private readonly HashSet<(int, int)> _inside = [];

    /// <summary>Every entry of a watched body into a forbid zone during the last <see cref="Run"/>: zone index, body, time.</summary>
    public IReadOnlyList<(int Zone, string Body, double Time)> ForbidContacts => _contacts;

    public TaskOutcome Run(SkillPlan plan)
    {
        scene.Reset();
        Recorder?.Start(_model);
        _watched = scene.Task.Objects.Where(o => o.Free).Select(o => scene.BodyId(o.Body)).Distinct().ToArray();
        foreach (var p in scene.Task.Goal) _firstTrue[p] = null;
        string? failure = null;
        foreach (var step in plan.Steps)
        {
            if (_unstable) break;
            try
            {
                var note = step.Name switch
                {
                    "carry" => Move(step, lift: true),
                    "push" => Move(step, lift: false),
                    "drive" or "press" => DriveJoint(step),
                    "topple" => Topple(step),
                    "guide" => Guide(step),
                    _ => throw new FormatException($"unknown skill '{step.Name}'"),
                };
                _log.Add($"{step}: {note}");
            }
            catch (FormatException ex)
            {
                failure = $"{step} could not run: {ex.Message}";
                _log.Add(failure);
                break;
            }
        }
        _model.ClearForces();
        if (!_unstable) Simulate(SettleSeconds, null);
        var results = TaskPredicates.EvaluateAll(scene, scene.Task.Goal);
        var warnings = _model.ActiveWarnings();
        if (warnings.Any(w => w is "mjWARN_BADQPOS" or "mjWARN_BADQVEL" or "mjWARN_BADQACC")) _unstable = true;
        var timeline = results.Select(r => new PredicateTimeline(r.Predicate, r.Holds, _firstTrue.GetValueOrDefault(r.Predicate), r.Detail)).ToArray();
        var allTrue = results.All(r => r.Holds);
        var succeeded = failure is null && !_unstable && _forbidden is null && allTrue;
        var detail = failure
                     ?? (_unstable ? Invariant($"unstable: a body reached {_maxSpeed:0.#} m/s or MuJoCo reported {string.Join(", ", warnings)}")
                         : _forbidden is not null ? $"entered {_forbidden}"
                         : allTrue ? $"goal holds {SettleSeconds} s after release: " + string.Join("; ", results.Select(r => r.Predicate.ToString()))
                         : "goal not reached: " + string.Join("; ", results.Where(r => !r.Holds).Select(r => r.ToString())));
        return new TaskOutcome(succeeded, timeline, _forbidden, _forbiddenAt, !_unstable, Math.Round(_effort, 5), Math.Round(_model.Time, 5),
            Math.Round(_maxSpeed, 5), double.IsPositiveInfinity(_clearance) ? -1 : Math.Round(_clearance, 5), Math.Round(_path, 5),
            warnings, _log, detail);
    }

    /// <summary>Steps the simulation; <paramref name="control"/> sets forces before each step and returns false to stop early.</summary>
    private void Simulate(double seconds, Func<double, bool>? control)
    {
        var dt = _model.Timestep;
        var steps = (int)Math.Ceiling(seconds / dt - 1e-9);
        for (var i = 0; i < steps; i++)
        {
            var t = i * dt;
            if (control is not null && !control(t)) break;
            _model.Step();
            _stepCount++;
            Recorder?.Observe(_model);
            if (_stepCount % 10 == 0 && !Watch()) return;
        }
        Watch();
    }

    private bool Watch()
    {
        foreach (var body in _watched)
        {
            var state = _model.State(body);
            var p = state.Position;
            var v = state.LinearVelocity.Length;
            if (!p.IsFinite || !double.IsFinite(v)) { _unstable = true; return false; }
            _maxSpeed = Math.Max(_maxSpeed, v);
            for (var z = 0; z < forbidZones.Count; z++)
            {
                _clearance = Math.Min(_clearance, PayloadGuide.Distance(forbidZones[z], p));
                var inside = forbidZones[z].Contains(p);
                if (inside && _inside.Add((z, body))) _contacts.Add((z, _model.Bodies[body - 1].Name, Math.Round(_model.Time, 3)));
                else if (!inside) _inside.Remove((z, body));
                if (_forbidden is null && inside)
                {
                    _forbidden = $"forbid zone {z} ({_model.Bodies[body - 1].Name} at {p})";
                    _forbiddenAt = Math.Round(_model.Time, 3);
                }
            }
        }
        if (_maxSpeed > maxBodySpeed) { _unstable = true; return false; }
        if (_stepCount % 50 == 0)
            foreach (var p in scene.Task.Goal)
                if (_firstTrue[p] is null && TaskPredicates.Evaluate(scene, p).Holds) _firstTrue[p] = Math.Round(_model.Time, 3);
        return true;
    }

    // ---- carry / push ------------------------------------------------------------------------------------------

    private string Move(Skill step, bool lift)
    {
        var (o, part) = scene.Entity(step.Subject);
        var body = scene.BodyId(part?.Body ?? o.Body);
        var mass = PayloadGuide.SubtreeMass(_model, body);
        if (mass <= 0) throw new FormatException($"{step.Subject} has no mass to move");
        _model.Forward();
        var box = scene.Box(step.Subject);
        var com = _model.State(body).CentreOfMass;
        var offset = box.Center - com;
        var half = box.Size * 0.5;
        var (targetCentre, via) = Target(step, box);
        var start = box.Center;
        var points = new List<Vec3> { start };
        if (via is { } out1)
        {
            points.Add(out1);
            start = out1;
        }
        if (lift)
        {
            var clear = ClearHeight(step.Subject, start, targetCentre, half) ;
            var top = Math.Max(clear, Math.Max(start.Z, targetCentre.Z) + 0.02 * scale);
            points.Add(new Vec3(start.X, start.Y, top));
            points.Add(new Vec3(targetCentre.X, targetCentre.Y, top));
            points.Add(targetCentre + new Vec3(0, 0, 0.03 * scale));
        }
        else if (step.To.FirstOrDefault(p => p.Name == "under") is { } under)
            points.AddRange(FrontApproach(under.Args[1], start, targetCentre, half));
        points.Add(targetCentre);
        var orientation = _model.State(body).Orientation;
        var inertia = mass * Math.Max(1e-6, half.X * half.X + half.Y * half.Y + half.Z * half.Z) / 3;
        var maxForce = Math.Max(2.0, 8 * mass * Gravity);
        var speed = 0.3 * Math.Max(scale, 0.5);
        var (path, times) = Timed(points, speed);
        _path += path;
        var holdUntil = times[^1] + 0.5;
        Simulate(holdUntil + 0.1, t =>
        {
            var (target, velocity) = Along(points, times, t);
            var state = _model.State(body);
            var pos = state.CentreOfMass + offset;
            var vel = state.LinearVelocity;
            var kp = mass * Omega * Omega;
            var kd = 2 * mass * Omega;
            var f = (target - pos) * kp + (velocity - vel) * kd;
            f = lift ? f + new Vec3(0, 0, mass * Gravity) : new Vec3(f.X, f.Y, Math.Min(0, f.Z));
            f = Clamp(f, maxForce);
            var q = state.Orientation;
            var w = state.AngularVelocity;
            var tau = Clamp(q.ErrorTo(orientation) * (inertia * Omega * Omega) - w * (2 * inertia * Omega), 10 * inertia * Omega * Omega + 0.05);
            _model.ApplyWrench(body, f, tau);
            _effort += (f.Length + tau.Length) * _model.Timestep;
            return t < holdUntil;
        });
        _model.ClearForces();
        Simulate(0.3, null);
        var end = scene.Box(step.Subject).Center;
        return Invariant($"moved {step.Subject} from {box.Center} to {end} (aimed at {targetCentre}, path {path:0.###} m)");
    }

    /// <summary>The centre the subject should end at for the step's predicates, and a first point to pull it out to.</summary>
    private (Vec3 Centre, Vec3? Via) Target(Skill step, Aabb box)
    {
        var half = box.Size * 0.5;
        var xy = new List<(double X, double Y)>();
        double? bottom = null;
        Vec3? via = null;
        var rest = 0.003 * scale;
        foreach (var p in step.To)
        {
            switch (p.Name)
            {
                case "on":
                {
                    var surface = p.Args[1] == "floor" ? new Aabb(new Vec3(box.Center.X, box.Center.Y, 0), new Vec3(box.Center.X, box.Center.Y, 0))
                        : scene.Anchor(p.Args[1], "surface") ?? scene.Box(p.Args[1]);
                    // On a surface much larger than the object (a table, a shelf), a clear spot; on a block, its centre.
                    var roomy = surface.Size.X > 2.5 * box.Size.X && surface.Size.Y > 2.5 * box.Size.Y;
                    var spot = roomy && step.To.Count(t => t.Name == "on") == 1 ? FreeSpot(surface, half, step.Subject, p.Args[1]) : surface.Center;
                    xy.Add((spot.X, spot.Y));
                    bottom = Math.Max(bottom ?? double.MinValue, surface.Max.Z + rest);
                    break;
                }
                case "in" or "inserted":
                {
                    var cavity = scene.Anchor(p.Args[1], p.Name == "in" ? "cavity" : "hole", "cavity", "hole")
                                 ?? throw new FormatException($"{p.Args[1]} has no cavity");
                    var spot = FreeSpot(ExposedRegion(p.Args[1], cavity), half, step.Subject);
                    xy.Add((spot.X, spot.Y));
                    bottom = Math.Max(bottom ?? double.MinValue, cavity.Min.Z + rest);
                    break;
                }
                case "at":
                {
                    var zone = scene.Task.GoalZone ?? throw new FormatException("no goal zone");
                    xy.Add((zone.Center.X, zone.Center.Y));
                    bottom = Math.Max(bottom ?? double.MinValue, zone.Min.Z + rest);
                    break;
                }
                case "left_of" or "right_of" or "in_front_of" or "behind" or "next_to":
                {
                    var other = scene.Box(p.Args[1]);
                    var (dx, dy) = p.Name switch { "left_of" => (-1, 0), "right_of" or "next_to" => (1, 0), "in_front_of" => (0, -1), _ => (0, 1) };
                    var gap = p.Name == "next_to" ? 0.004 * scale : 0.06 * scale;
                    var reach = dx != 0 ? half.X + other.Size.X / 2 + gap : half.Y + other.Size.Y / 2 + gap;
                    xy.Add((other.Center.X + dx * reach, other.Center.Y + dy * reach));
                    bottom = Math.Max(bottom ?? double.MinValue, other.Min.Z + rest);
                    break;
                }
                case "between":
                {
                    var b = scene.Box(p.Args[1]).Center;
                    var c = scene.Box(p.Args[2]).Center;
                    xy.Add(((b.X + c.X) / 2, (b.Y + c.Y) / 2));
                    bottom = Math.Max(bottom ?? double.MinValue, Math.Min(scene.Box(p.Args[1]).Min.Z, scene.Box(p.Args[2]).Min.Z) + rest);
                    break;
                }
                case "under":
                {
                    var space = scene.Anchor(p.Args[1], "under") ?? throw new FormatException($"{p.Args[1]} has nothing to go under");
                    xy.Add((space.Center.X, space.Center.Y));
                    bottom = box.Min.Z;
                    break;
                }
                case "off":
                {
                    var surface = scene.Anchor(p.Args[1], "surface") ?? scene.Box(p.Args[1]);
                    var d = new Vec3(box.Center.X - surface.Center.X, box.Center.Y - surface.Center.Y, 0);
                    // Out over the nearest edge of the surface, far enough that nothing of the subject stays above it.
                    var toX = (surface.Size.X / 2 - Math.Abs(d.X)) + half.X;
                    var toY = (surface.Size.Y / 2 - Math.Abs(d.Y)) + half.Y;
                    var margin = 0.05 * scale;
                    var target = toX <= toY
                        ? new Vec3(box.Center.X + Math.Sign(d.X == 0 ? 1 : d.X) * (toX + margin), box.Center.Y, box.Center.Z)
                        : new Vec3(box.Center.X, box.Center.Y + Math.Sign(d.Y == 0 ? 1 : d.Y) * (toY + margin), box.Center.Z);
                    xy.Add((target.X, target.Y));
                    bottom = box.Min.Z;
                    break;
                }
                case "out_of":
                {
                    var info = scene.AnchorInfo(p.Args[1], "hole") ?? scene.AnchorInfo(p.Args[1], "inside")
                               ?? throw new FormatException($"{p.Args[1]} has no hole");
                    var opening = scene.WorldBox(info.Body, info.Box);
                    var axis = info.Axis is { } a ? _model.State(scene.BodyId(info.Body)).Orientation.Rotate(a) : new Vec3(0, 0, -1);
                    var outward = axis * (-1.0 / Math.Max(1e-9, axis.Length));
                    var depth = Math.Abs(outward.X) * (opening.Size.X + box.Size.X) + Math.Abs(outward.Y) * (opening.Size.Y + box.Size.Y) +
                                Math.Abs(outward.Z) * (opening.Size.Z + box.Size.Z);
                    via = box.Center + outward * (depth + 0.03 * scale);
                    var set = via.Value + new Vec3(outward.X, outward.Y, 0) * (0.04 * scale);
                    xy.Add((set.X, set.Y));
                    bottom = rest;
                    break;
                }
                default:
                    throw new FormatException($"{p.Name}() is not a placement");
            }
        }
        if (xy.Count == 0) throw new FormatException("no target");
        var x = xy.Average(v => v.X);
        var y = xy.Average(v => v.Y);
        return (new Vec3(x, y, (bottom ?? box.Min.Z) + half.Z), via);
    }

    /// <summary>
    /// Where an object can be lowered into a cavity: the whole cavity, except for a drawer, where only the part pulled
    /// out of the cabinet (the front slab of the opened travel) is open from above.
    /// </summary>
    private Aabb ExposedRegion(string reference, Aabb cavity)
    {
        var (_, part) = scene.Entity(reference);
        if (part is not { Type: "slide", Joint: not null }) return cavity;
        var travel = scene.JointValue(part) - TaskScene.Ends(part).From;
        if (travel <= 0) return cavity;
        var axis = _model.JointAxis(scene.JointId(part.Joint));
        var ax = Math.Abs(axis.X) >= Math.Abs(axis.Y);
        var sign = ax ? Math.Sign(axis.X) : Math.Sign(axis.Y);
        var length = ax ? cavity.Size.X : cavity.Size.Y;
        var open = Math.Min(length, travel);
        if (ax)
            return sign > 0
                ? new Aabb(new Vec3(cavity.Max.X - open, cavity.Min.Y, cavity.Min.Z), cavity.Max)
                : new Aabb(cavity.Min, new Vec3(cavity.Min.X + open, cavity.Max.Y, cavity.Max.Z));
        return sign > 0
            ? new Aabb(new Vec3(cavity.Min.X, cavity.Max.Y - open, cavity.Min.Z), cavity.Max)
            : new Aabb(cavity.Min, new Vec3(cavity.Max.X, cavity.Min.Y + open, cavity.Max.Z));
    }

    /// <summary>
    /// A push under an overhang goes in through its open front (fixtures face the camera, −y): around the fixture's
    /// side if the object starts beside or behind it, then to the front of the opening, then straight in.
    /// </summary>
    private IEnumerable<Vec3> FrontApproach(string fixture, Vec3 start, Vec3 target, Vec3 half)
    {
        var body = scene.Box(fixture);
        var margin = 0.03 * scale;
        var frontY = body.Min.Y - half.Y - margin;
        if (start.Y > frontY)
        {
            var sideX = start.X >= body.Center.X ? body.Max.X + half.X + margin : body.Min.X - half.X - margin;
            if (start.X > body.Min.X - half.X && start.X < body.Max.X + half.X) yield return new Vec3(sideX, start.Y, start.Z);
            yield return new Vec3(start.X > body.Min.X - half.X && start.X < body.Max.X + half.X ? sideX : start.X, frontY, start.Z);
        }
        yield return new Vec3(target.X, frontY, start.Z);
    }

    /// <summary>
    /// Where in a region to set an object down: of a 5 × 5 grid of centres that keep its footprint inside, the one
    /// farthest from every other object already there (two blocks go into a bowl side by side, not on each other).
    /// </summary>
    private Vec3 FreeSpot(Aabb region, Vec3 half, string subject, string? support = null)
    {
        var others = scene.Task.Objects.Where(o => o.Free && o.Id != subject && o.Id != support?.Split('.')[0])
            .Select(o => scene.Box(o.Id)).Where(b => b.Center.X >= region.Min.X && b.Center.X <= region.Max.X &&
                                                    b.Center.Y >= region.Min.Y && b.Center.Y <= region.Max.Y)
            .Select(b => b.Center).ToArray();
        var centre = region.Center;
        if (others.Length == 0) return centre;
        var (lx, hx) = (region.Min.X + half.X, region.Max.X - half.X);
        var (ly, hy) = (region.Min.Y + half.Y, region.Max.Y - half.Y);
        if (lx > hx) lx = hx = centre.X;
        if (ly > hy) ly = hy = centre.Y;
        var best = centre;
        var bestScore = double.MinValue;
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < 5; j++)
            {
                var c = new Vec3(lx + (hx - lx) * i / 4, ly + (hy - ly) * j / 4, centre.Z);
                var score = others.Min(o => Math.Sqrt((o.X - c.X) * (o.X - c.X) + (o.Y - c.Y) * (o.Y - c.Y)));
                score -= 1e-3 * Math.Sqrt((c.X - centre.X) * (c.X - centre.X) + (c.Y - centre.Y) * (c.Y - centre.Y));
                if (score > bestScore) (best, bestScore) = (c, score);
            }
        return best;
    }

    /// <summary>Centre height that clears every other object whose footprint meets the straight path's corridor.</summary>
    private double ClearHeight(string subject, Vec3 from, Vec3 to, Vec3 half)
    {
        var id = subject.Split('.')[0];
        var reach = Math.Sqrt(half.X * half.X + half.Y * half.Y) + 0.02 * scale;
        var top = 0.0;
        foreach (var o in scene.Task.Objects)
        {
            if (o.Id == id && !subject.Contains('.')) continue;
            var box = scene.WorldBox(o.Body, o.Extent);
            foreach (var part in o.Parts.Values.Where(p => p.Extent is not null && p.Type == "free" && o.Id + "." + p.Name != subject))
                box = Union(box, scene.WorldBox(part.Body, part.Extent!.Value));
            if (SegmentNearBox(from, to, box, reach)) top = Math.Max(top, box.Max.Z);
        }
        return top + half.Z + 0.03 * scale;
    }

    private static bool SegmentNearBox(Vec3 a, Vec3 b, Aabb box, double reach)
    {
        for (var i = 0; i <= 20; i++)
        {
            var t = i / 20.0;
            var x = a.X + (b.X - a.X) * t;
            var y = a.Y + (b.Y - a.Y) * t;
            if (x >= box.Min.X - reach && x <= box.Max.X + reach && y >= box.Min.Y - reach && y <= box.Max.Y + reach) return true;
        }
        return false;
    }

    private static Aabb Union(Aabb a, Aabb b) => new(
        new Vec3(Math.Min(a.Min.X, b.Min.X), Math.Min(a.Min.Y, b.Min.Y), Math.Min(a.Min.Z, b.Min.Z)),
        new Vec3(Math.Max(a.Max.X, b.Max.X), Math.Max(a.Max.Y, b.Max.Y), Math.Max(a.Max.Z, b.Max.Z)));

    /// <summary>Arrival times along a polyline at constant speed (the last 3 cm of a descent at a quarter of it).</summary>
    private static (double Length, double[] Times) Timed(IReadOnlyList<Vec3> points, double speed)
    {
        var times = new double[points.Count];
        var length = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            var d = (points[i] - points[i - 1]).Length;
            length += d;
            var slow = i == points.Count - 1 ? 4.0 : 1.0;
            times[i] = times[i - 1] + d / speed * slow + 0.15;
        }
        return (length, times);
    }

    private static (Vec3 Position, Vec3 Velocity) Along(IReadOnlyList<Vec3> points, double[] times, double t)
    {
        if (t <= 0) return (points[0], default);
        for (var i = 1; i < points.Count; i++)
        {
            if (t > times[i]) continue;
            var span = times[i] - times[i - 1];
            var moving = Math.Max(1e-6, span - 0.15);
            var u = Math.Clamp((t - times[i - 1]) / moving, 0, 1);
            var d = points[i] - points[i - 1];
            return (points[i - 1] + d * u, u < 1 ? d * (1 / moving) : default);
        }
        return (points[^1], default);
    }

    // ---- drive / press -----------------------------------------------------------------------------------------

    private string DriveJoint(Skill step)
    {
        var goalPart = scene.Part(step.Subject);
        var pushed = step.Via is null ? goalPart : scene.Part(step.Via);
        if (goalPart.Joint is null || pushed.Joint is null) throw new FormatException($"{step.Subject} has no joint to drive");
        var watched = scene.JointId(goalPart.Joint);
        var driven = scene.JointId(pushed.Joint);
        var target = step.Target ?? throw new FormatException("drive has no target");
        var slide = pushed.Type == "slide";
        var vmax = slide ? 0.15 * Math.Max(scale, 0.5) : 1.5;
        // Enough to beat the joint's friction and damping and to reach full speed in about 50 ms — and no more, so a
        // light dial or gear is not spun past its target; never above the step's own limit.
        _model.Forward();
        var (damping, friction) = _model.JointDynamics(driven);
        var startInertia = _model.JointInertia(driven) + (driven == watched ? 0 : _model.JointInertia(watched));
        // A hinge about a horizontal axis (a pendulum) also lifts its part against gravity: m g r of the part's centre of mass.
        var lift = 0.0;
        if (!slide && scene.BodyId(pushed.Body) is var pushedBody and > 0)
        {
            var state = _model.State(pushedBody);
            var axis = _model.JointAxis(driven);
            var horizontal = Math.Sqrt(Math.Max(0, 1 - axis.Z * axis.Z / Math.Max(1e-12, axis.X * axis.X + axis.Y * axis.Y + axis.Z * axis.Z)));
            lift = 1.5 * PayloadGuide.SubtreeMass(_model, pushedBody) * 9.81 * (state.CentreOfMass - state.Position).Length * horizontal;
        }
        // The hand's limit is the step's, or what lifting the part takes when that is more (a heavy pendulum bob).
        var maxEffort = Math.Min(Math.Max(step.MaxEffort > 0 ? step.MaxEffort : slide ? 40 : 4, lift),
            2 * friction + 1.5 * damping * vmax + startInertia * vmax / 0.05 + (slide ? 9.81 * startInertia : 0) + lift);
        var tolerance = slide ? 0.002 * scale : 1.0 * Math.PI / 180;
        // Through a coupled part the sign of the coupling is found by a probe push that lasts until the watched part moves.
        var sign = 1.0;
        if (driven != watched)
        {
            var before = _model.JointPosition(watched);
            Simulate(0.3, _ =>
            {
                _model.SetJointForce(driven, maxEffort);
                return Math.Abs(_model.JointPosition(watched) - before) < 0.5 * Math.PI / 180;
            });
            var moved = _model.JointPosition(watched) - before;
            sign = Math.Abs(moved) < 1e-9 ? 1 : Math.Sign(moved);
            _model.ClearForces();
        }
        var integral = 0.0;
        var settled = 0.0;
        var start = _model.JointPosition(watched);
        var worst = Math.Abs(target - start) + (slide ? 0.05 : 0.5);
        Simulate(6.0, t =>
        {
            var q = _model.JointPosition(watched);
            var qd = _model.JointVelocity(watched);
            var error = target - q;
            // Moving away from the target means the coupling's sign was misread: turn the other way, once.
            if (Math.Abs(error) > worst)
            {
                sign = -sign;
                integral = 0;
                worst = double.PositiveInfinity;
            }
            if (Math.Abs(error) <= tolerance && Math.Abs(qd) < vmax * 0.05)
            {
                settled += _model.Timestep;
                if (settled >= 0.2) return false;
            }
            else settled = 0;
            var desired = Math.Clamp(3.0 * error, -vmax, vmax);
            var inertia = Math.Max(1e-9, _model.JointInertia(driven) + (driven == watched ? 0 : _model.JointInertia(watched)));
            var ve = desired - qd;
            integral = Math.Clamp(integral + maxEffort / (vmax * 0.5) * ve * _model.Timestep, -maxEffort, maxEffort);
            var effort = Math.Clamp(inertia * ve / 0.02 + integral, -maxEffort, maxEffort) * sign;
            _model.SetJointForce(driven, effort);
            _effort += Math.Abs(effort) * _model.Timestep;
            return true;
        });
        _model.ClearForces();
        Simulate(0.3, null);
        var end = _model.JointPosition(watched);
        return Invariant($"{step.Subject} moved from {start:0.####} to {end:0.####} (target {target:0.####})");
    }

    // ---- topple ------------------------------------------------------------------------------------------------

    private string Topple(Skill step)
    {
        var (o, part) = scene.Entity(step.Subject);
        var body = scene.BodyId(part?.Body ?? o.Body);
        var mass = PayloadGuide.SubtreeMass(_model, body);
        var q = _model.State(body).Orientation;
        // Push along the object's thinnest horizontal axis, away from its nearest neighbour.
        var e = o.Extent;
        var local = e.Max.X - e.Min.X <= e.Max.Y - e.Min.Y ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        var dir = q.Rotate(local);
        dir = new Vec3(dir.X, dir.Y, 0) * (1 / Math.Max(1e-9, Math.Sqrt(dir.X * dir.X + dir.Y * dir.Y)));
        var centre = scene.Box(step.Subject).Center;
        var neighbour = scene.Task.Objects.Where(n => n.Id != o.Id && n.Free).Select(n => scene.Box(n.Id).Center)
            .OrderBy(c => (c - centre).Length).Cast<Vec3?>().FirstOrDefault();
        if (neighbour is { } n && (n.X - centre.X) * dir.X + (n.Y - centre.Y) * dir.Y > 0) dir = dir * -1;
        var height = (e.Max.Z - e.Min.Z) / 2;
        var force = dir * (0.6 * mass * Gravity);
        var arm = new Vec3(0, 0, height);
        var torque = new Vec3(arm.Y * force.Z - arm.Z * force.Y, arm.Z * force.X - arm.X * force.Z, arm.X * force.Y - arm.Y * force.X);
        Simulate(2.0, _ =>
        {
            if (_model.State(body).Orientation.Tilt > 60 * Math.PI / 180) return false;
            _model.ApplyWrench(body, force, torque);
            _effort += (force.Length + torque.Length) * _model.Timestep;
            return true;
        });
        _model.ClearForces();
        Simulate(0.5, null);
        return Invariant($"{step.Subject} pushed at its top towards {dir}; it leans {_model.State(body).Orientation.Tilt * 180 / Math.PI:0.#}°");
    }

    // ---- guide (the presets' explicit waypoints) ---------------------------------------------------------------

    private string Guide(Skill step)
    {
        var body = _model.BodyId(step.Subject);
        if (body <= 0) throw new FormatException($"guide drives body {step.Subject}, which is not in the model");
        var points = (step.Waypoints ?? []).Select(w => new Vec3(w[0], w[1], w[2])).ToArray();
        if (points.Length == 0) throw new FormatException("guide has no waypoints");
        var mass = PayloadGuide.SubtreeMass(_model, body);
        var tolerance = 0.01 * scale;
        var index = 0;
        var duration = step.Duration ?? 3.0;
        Simulate(duration, _ =>
        {
            var state = _model.State(body);
            var position = state.Position;
            while (index < points.Length - 1 && (points[index] - position).Length <= tolerance) index++;
            var velocity = state.LinearVelocity;
            var f = (points[index] - position) * (mass * Omega * Omega) - velocity * (2 * mass * Omega) + new Vec3(0, 0, mass * Gravity);
            f = Clamp(f, step.MaxEffort);
            _model.ApplyForce(body, f);
            _effort += f.Length * _model.Timestep;
            return true;
        });
        _model.ClearForces();
        _path += points.Zip(points.Skip(1), (a, b) => (b - a).Length).Sum();
        return Invariant($"guided {step.Subject} through {points.Length} waypoints (reached {index + 1})");
    }

    private static Vec3 Clamp(Vec3 f, double max)
    {
        var n = f.Length;
        return n > max && n > 0 ? f * (max / n) : f;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
