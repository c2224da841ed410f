using System.Globalization;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>The truth of one predicate in one state, with the measurement that decided it.</summary>
public sealed record PredicateResult(Predicate Predicate, bool Holds, string Detail)
{
    public override string ToString() => $"{Predicate} is {(Holds ? "true" : "false")}: {Detail}";
}

/// <summary>
/// A compiled scene bound to its resolved task: body and joint ids looked up once, the start state remembered
/// (joint values, object positions) so <c>rotated</c> and <c>lifted</c> can measure from it. Everything that reads a
/// predicate — the validator, the reference-solution replay, grading — goes through this one class.
/// </summary>
public sealed class TaskScene
{
    private readonly Dictionary<string, int> _bodies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _joints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _startJoint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Aabb> _startBox = new(StringComparer.Ordinal);

    public TaskScene(MujocoModel model, ResolvedTask task)
    {
        Model = model;
        Task = task;
        var missing = new List<string>();
        foreach (var o in task.Objects)
        {
            Need(o.Body, missing);
            foreach (var a in o.Anchors.Values) Need(a.Body, missing);
            foreach (var p in o.Parts.Values)
            {
                Need(p.Body, missing);
                if (p.Joint is not null)
                {
                    var id = model.JointId(p.Joint);
                    if (id < 0) missing.Add("joint " + p.Joint);
                    else _joints[p.Joint] = id;
                }
                if (p.CoupledJoint is not null && model.JointId(p.CoupledJoint) is var c and >= 0) _joints[p.CoupledJoint] = c;
            }
        }
        if (missing.Count > 0) throw new FormatException("the task names what the model lacks: " + string.Join(", ", missing.Distinct()));
    }

    public MujocoModel Model { get; }
    public ResolvedTask Task { get; }

    private void Need(string body, List<string> missing)
    {
        if (_bodies.ContainsKey(body)) return;
        // Fixtures built as geoms of the world body (a container, a ramp) name "world": id 0, never moving.
        var id = body == "world" ? 0 : Model.BodyId(body);
        if (id == 0 && body == "world") { _bodies[body] = 0; return; }
        if (id <= 0) missing.Add("body " + body);
        else _bodies[body] = id;
    }

    public int BodyId(string body) => _bodies.TryGetValue(body, out var id) ? id : Model.BodyId(body);

    public int JointId(string joint) => _joints[joint];

    /// <summary>Resets the model and remembers the start state the relative predicates measure from.</summary>
    public void Reset()
    {
        Model.Reset();
        Model.Forward();
        RememberStart();
    }

    /// <summary>Takes the current state as the start state (after a reset by someone else).</summary>
    public void RememberStart()
    {
        foreach (var (name, id) in _joints)
            if (Model.Joints[id].Kind is JointKind.Slide or JointKind.Hinge) _startJoint[name] = Model.JointPosition(id);
        foreach (var o in Task.Objects) _startBox[o.Id] = WorldBox(o.Body, o.Extent);
    }

    /// <summary>The world AABB of a body-frame box at the body's current pose.</summary>
    public Aabb WorldBox(string body, LocalBox box)
    {
        var id = BodyId(body);
        var state = id == 0 ? default : Model.State(id);
        var pos = state.Position;
        var q = id == 0 ? Quat.Identity : state.Orientation;
        var min = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var max = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (var i = 0; i < 8; i++)
        {
            var corner = new Vec3((i & 1) == 0 ? box.Min.X : box.Max.X, (i & 2) == 0 ? box.Min.Y : box.Max.Y, (i & 4) == 0 ? box.Min.Z : box.Max.Z);
            var w = pos + q.Rotate(corner);
            min = new Vec3(Math.Min(min.X, w.X), Math.Min(min.Y, w.Y), Math.Min(min.Z, w.Z));
            max = new Vec3(Math.Max(max.X, w.X), Math.Max(max.Y, w.Y), Math.Max(max.Z, w.Z));
        }
        return new Aabb(min, max);
    }

    /// <summary>What a predicate argument names: an object, or a part (its body, and its extent when it has one).</summary>
    public (ResolvedObject Object, TaskPart? Part) Entity(string reference)
    {
        var dot = reference.IndexOf('.');
        var id = dot < 0 ? reference : reference[..dot];
        var o = Task.Object(id) ?? throw new FormatException($"the task has no object '{id}'");
        if (dot < 0) return (o, null);
        var name = reference[(dot + 1)..];
        if (o.Parts.TryGetValue(name, out var part)) return (o, part);
        return o.Anchors.ContainsKey(name) ? (o, null) : throw new FormatException($"object '{id}' has no part '{name}'");
    }

    /// <summary>The part a joint predicate means: the named one, or an object's only jointed part.</summary>
    public TaskPart Part(string reference)
    {
        var (o, part) = Entity(reference);
        if (part is not null) return part;
        var jointed = o.Parts.Values.Where(p => p.Joint is not null).ToArray();
        return jointed.Length == 1 ? jointed[0] : throw new FormatException($"'{reference}' has {jointed.Length} jointed parts; name one");
    }

    /// <summary>World AABB of an object or a free part (a lid); a part without extent is its body's origin.</summary>
    public Aabb Box(string reference)
    {
        var (o, part) = Entity(reference);
        if (part is null) return WorldBox(o.Body, o.Extent);
        if (part.Extent is { } e) return WorldBox(part.Body, e);
        var p = BodyId(part.Body) is var b and > 0 ? Model.BodyPosition(b) : default;
        return new Aabb(p, p);
    }

    public Vec3 Position(string reference)
    {
        var (o, part) = Entity(reference);
        var id = BodyId(part?.Body ?? o.Body);
        return id == 0 ? WorldBox(o.Body, o.Extent).Center : Model.State(id).Position;
    }

    /// <summary>An anchor of an object in the world at the current state (top surface, cavity, hole, under).</summary>
    public Aabb? Anchor(string reference, params string[] kinds)
    {
        var (o, part) = Entity(reference);
        // "cabinet_1.drawer_top" names the drawer's cavity, which is named after the part.
        var names = part is not null ? new[] { part.Name } : reference.Contains('.') ? new[] { reference[(reference.IndexOf('.') + 1)..] } : kinds;
        foreach (var name in names)
            if (o.Anchors.TryGetValue(name, out var a)) return WorldBox(a.Body, a.Box);
        foreach (var a in o.Anchors.Values)
            if (kinds.Contains(a.Kind)) return WorldBox(a.Body, a.Box);
        return null;
    }

    public TaskAnchor? AnchorInfo(string reference, string name)
    {
        var (o, part) = Entity(reference);
        return o.Anchors.GetValueOrDefault(part?.Name ?? name);
    }

    public double JointValue(TaskPart part) =>
        part.Joint is null ? throw new FormatException($"part {part.Name} has no joint") : Model.JointPosition(_joints[part.Joint]);

    public double StartJointValue(TaskPart part) => part.Joint is not null && _startJoint.TryGetValue(part.Joint, out var v) ? v : 0;

    public Aabb StartBox(string id) => _startBox.TryGetValue(id, out var b) ? b : Box(id);

    /// <summary>Where a part is between its two ends: 0 at closed/off/rest, 1 at open/on/pressed.</summary>
    public double Progress(TaskPart part)
    {
        var (from, to) = Ends(part);
        var q = JointValue(part);
        return Math.Abs(to - from) < 1e-12 ? 0 : (q - from) / (to - from);
    }

    public static (double From, double To) Ends(TaskPart part) =>
        (part.From ?? part.Lower ?? 0, part.To ?? part.Upper ?? (part.Type == "hinge" ? Math.PI / 2 : 0.1));
}

/// <summary>
/// The one implementation of the task language's predicates (TASKS.md §2) over MuJoCo state. Tolerances scale with
/// the objects' own size; the README's predicate table states each definition. Directions are in the default camera's
/// frame: the viewer looks along +y, so right is +x, left −x, in front −y, behind +y.
/// </summary>
public static class TaskPredicates
{
    /// <summary>Fraction of travel past which a part counts as open / on / pressed (unless the part says otherwise).</summary>
    public const double OpenProgress = 0.5;

    /// <summary>Fraction of travel below which a part counts as closed / off.</summary>
    public const double ClosedProgress = 0.1;

    /// <summary>Share of an object's footprint that must lie over a support for on(): a pyramid block bridges two.</summary>
    public const double OnOverlap = 0.2;

    public const double UprightDegrees = 15;
    public const double ToppledDegrees = 45;
    public const double RotatedToleranceDegrees = 10;

    public static PredicateResult Evaluate(TaskScene scene, Predicate p)
    {
        try
        {
            var (holds, detail) = p.Name switch
            {
                "on" => On(scene, p.Args[0], p.Args[1]),
                "in" => In(scene, p.Args[0], p.Args[1], "cavity"),
                "inserted" => In(scene, p.Args[0], p.Args[1], "hole"),
                "out_of" => OutOf(scene, p.Args[0], p.Args[1]),
                "at" => At(scene, p.Args[0]),
                "left_of" => Beside(scene, p.Args[0], p.Args[1], -1, 0),
                "right_of" => Beside(scene, p.Args[0], p.Args[1], 1, 0),
                "in_front_of" => Beside(scene, p.Args[0], p.Args[1], 0, -1),
                "behind" => Beside(scene, p.Args[0], p.Args[1], 0, 1),
                "next_to" => NextTo(scene, p.Args[0], p.Args[1]),
                "between" => Between(scene, p.Args[0], p.Args[1], p.Args[2]),
                "under" => Under(scene, p.Args[0], p.Args[1]),
                "stacked" => Stacked(scene, p.Args),
                "upright" => Tilt(scene, p.Args[0], upright: true),
                "toppled" => Tilt(scene, p.Args[0], upright: false),
                "lifted" => Lifted(scene, p.Args[0], p.Value ?? 0.05),
                "off" => Off(scene, p.Args[0], p.Args[1]),
                "open" or "turned_on" or "pressed" => PartAt(scene, p.Args[0], high: true),
                "closed" or "turned_off" => PartAt(scene, p.Args[0], high: false),
                "rotated" => Rotated(scene, p.Args[0], p.Value ?? 0),
                _ => (false, $"unknown predicate {p.Name}"),
            };
            return new PredicateResult(p, holds, detail);
        }
        catch (FormatException ex)
        {
            return new PredicateResult(p, false, ex.Message);
        }
    }

    public static IReadOnlyList<PredicateResult> EvaluateAll(TaskScene scene, IEnumerable<Predicate> predicates) =>
        predicates.Select(p => Evaluate(scene, p)).ToArray();

    /// <summary>Height tolerance for resting contact: a quarter of the object's height, at least 1 cm.</summary>
    public static double RestTolerance(Aabb a) => Math.Max(0.01, 0.25 * a.Size.Z);

    private static (bool, string) On(TaskScene s, string a, string b)
    {
        var box = s.Box(a);
        if (b == "floor")
        {
            var onFloor = box.Min.Z <= RestTolerance(box);
            return (onFloor, $"{a}'s bottom is at z={M(box.Min.Z)} (floor contact within {M(RestTolerance(box))})");
        }
        var surface = s.Anchor(b, "surface") ?? s.Box(b);
        var gap = box.Min.Z - surface.Max.Z;
        var overlap = FootprintOverlap(box, surface);
        var holds = Math.Abs(gap) <= RestTolerance(box) && overlap >= OnOverlap;
        return (holds, $"{a}'s bottom is {M(gap)} above {b}'s top surface and {overlap:P0} of its footprint is over it (needs |gap| ≤ {M(RestTolerance(box))}, ≥ {OnOverlap:P0})");
    }

    /// <summary>
    /// In a cavity (or hole): the object's bottom centre — its footprint centre, a quarter of the way up from its lowest
    /// point (at most a quarter of the cavity's depth) — lies inside the cavity, and its lowest point is below the rim. A
    /// bottle standing in a basket is in it although its neck rises above the rim; a bowl on a mug's rim is not in it.
    /// </summary>
    private static (bool, string) In(TaskScene s, string a, string b, string kind)
    {
        var cavity = s.Anchor(b, kind, "cavity", "hole");
        if (cavity is null) return (false, $"{b} has no {kind}");
        var box = s.Box(a);
        var rise = 0.25 * Math.Min(box.Size.Z, cavity.Value.Size.Z);
        var point = new Vec3(box.Center.X, box.Center.Y, box.Min.Z + rise);
        var margin = Math.Max(0.005, 0.1 * Math.Min(box.Size.X, box.Size.Y));
        var grown = new Aabb(cavity.Value.Min - new Vec3(margin, margin, margin), cavity.Value.Max + new Vec3(margin, margin, margin));
        // ... and its lowest point is below the rim: a bowl balanced on a mug's rim is not in the mug.
        var rim = cavity.Value.Max.Z - Math.Max(0.003, 0.1 * cavity.Value.Size.Z);
        var below = box.Min.Z <= rim;
        var inside = grown.Contains(point) && (below || kind == "hole");
        return (inside, $"{a}'s bottom centre {point} is {(grown.Contains(point) ? "inside" : "outside")} {b}'s {kind} {Show(cavity.Value)} (± {M(margin)})" +
                        (below || kind == "hole" ? "" : $", but it rests on the rim (its bottom at z={M(box.Min.Z)}, the rim at {M(cavity.Value.Max.Z)})"));
    }

    private static (bool, string) OutOf(TaskScene s, string a, string b)
    {
        var cavity = s.Anchor(b, "hole", "cavity");
        if (cavity is null) return (false, $"{b} has no cavity or hole");
        var box = s.Box(a);
        var clear = !Overlaps(box, cavity.Value);
        return (clear, $"{a} {Show(box)} {(clear ? "is clear of" : "still overlaps")} {b}'s opening {Show(cavity.Value)}");
    }

    /// <summary>At the goal zone: the object's centre (a part without extent: its body origin) lies inside the zone.</summary>
    private static (bool, string) At(TaskScene s, string a)
    {
        if (s.Task.GoalZone is not { } zone) return (false, "the task has no goal zone");
        var p = s.Box(a).Center;
        var grown = new Aabb(zone.Min - new Vec3(1e-4, 1e-4, 1e-4), zone.Max + new Vec3(1e-4, 1e-4, 1e-4));
        var inside = grown.Contains(p);
        return (inside, $"{a}'s centre is at {p}, {(inside ? "inside" : "outside")} the goal zone {Show(zone)}");
    }

    private static (bool, string) Beside(TaskScene s, string a, string b, int sx, int sy)
    {
        var ba = s.Box(a);
        var bb = s.Box(b);
        var ca = ba.Center;
        var cb = bb.Center;
        // Along the asked direction the centres are at least half the two half-widths apart (side by side, not on
        // top), at most 0.3 m plus the half-widths; across it they are no further apart than the two widths.
        var along = sx != 0 ? sx * (ca.X - cb.X) : sy * (ca.Y - cb.Y);
        var halfA = sx != 0 ? ba.Size.X / 2 : ba.Size.Y / 2;
        var halfB = sx != 0 ? bb.Size.X / 2 : bb.Size.Y / 2;
        var across = sx != 0 ? Math.Abs(ca.Y - cb.Y) : Math.Abs(ca.X - cb.X);
        var acrossLimit = sx != 0 ? ba.Size.Y + bb.Size.Y : ba.Size.X + bb.Size.X;
        var min = 0.5 * (halfA + halfB);
        var max = 0.3 + halfA + halfB;
        var level = Math.Abs(ba.Min.Z - bb.Min.Z) <= Math.Max(RestTolerance(ba), 0.05);
        var holds = along >= min && along <= max && across <= Math.Max(acrossLimit, 0.05) && level;
        var word = sx < 0 ? "left of" : sx > 0 ? "right of" : sy < 0 ? "in front of" : "behind";
        return (holds, $"{a} is {M(along)} {word} {b} (needs {M(min)}..{M(max)}), {M(across)} off the line (≤ {M(Math.Max(acrossLimit, 0.05))}){(level ? "" : ", not on the same level")}");
    }

    private static (bool, string) NextTo(TaskScene s, string a, string b)
    {
        var ba = s.Box(a);
        var bb = s.Box(b);
        var gap = FootprintGap(ba, bb);
        var limit = Math.Max(0.02, 0.5 * Math.Min(Math.Min(ba.Size.X, ba.Size.Y), Math.Min(bb.Size.X, bb.Size.Y)));
        var overlap = Math.Max(FootprintOverlap(ba, bb), FootprintOverlap(bb, ba));
        var level = Math.Abs(ba.Min.Z - bb.Min.Z) <= Math.Max(RestTolerance(ba), 0.5 * ba.Size.Z);
        var holds = gap <= limit && overlap <= 0.25 && level;
        return (holds, $"{a} and {b} are {M(gap)} apart (≤ {M(limit)}), footprints overlap {overlap:P0} (≤ 25 %){(level ? "" : ", not on the same level")}");
    }

    private static (bool, string) Between(TaskScene s, string a, string b, string c)
    {
        var pa = s.Box(a).Center;
        var pb = s.Box(b).Center;
        var pc = s.Box(c).Center;
        var line = new Vec3(pc.X - pb.X, pc.Y - pb.Y, 0);
        var length2 = line.X * line.X + line.Y * line.Y;
        if (length2 < 1e-9) return (false, $"{b} and {c} are at the same place");
        var t = ((pa.X - pb.X) * line.X + (pa.Y - pb.Y) * line.Y) / length2;
        var foot = new Vec3(pb.X + t * line.X, pb.Y + t * line.Y, 0);
        var lateral = Math.Sqrt((pa.X - foot.X) * (pa.X - foot.X) + (pa.Y - foot.Y) * (pa.Y - foot.Y));
        var limit = Math.Max(s.Box(a).Size.X, s.Box(a).Size.Y);
        var holds = t is > 0.15 and < 0.85 && lateral <= limit;
        return (holds, $"{a} lies at {t:P0} of the way from {b} to {c} (15–85 %), {M(lateral)} off the line (≤ {M(limit)})");
    }

    private static (bool, string) Under(TaskScene s, string a, string b)
    {
        var space = s.Anchor(b, "under");
        if (space is null) return (false, $"{b} has nothing to go under");
        var c = s.Box(a).Center;
        var margin = 0.01;
        var grown = new Aabb(space.Value.Min - new Vec3(margin, margin, margin), space.Value.Max + new Vec3(margin, margin, margin));
        return (grown.Contains(c), $"{a}'s centre {c} is {(grown.Contains(c) ? "inside" : "outside")} the space under {b} {Show(space.Value)}");
    }

    private static (bool, string) Stacked(TaskScene s, IReadOnlyList<string> args)
    {
        for (var i = 1; i < args.Count; i++)
        {
            var (holds, detail) = On(s, args[i], args[i - 1]);
            if (!holds) return (false, $"{args[i]} is not on {args[i - 1]}: {detail}");
        }
        return (true, $"each of {string.Join(", ", args)} rests on the one before");
    }

    private static (bool, string) Tilt(TaskScene s, string a, bool upright)
    {
        var (o, part) = s.Entity(a);
        var body = s.BodyId(part?.Body ?? o.Body);
        var tilt = body == 0 ? 0 : s.Model.State(body).Orientation.Tilt * 180 / Math.PI;
        return upright
            ? (tilt <= UprightDegrees, $"{a} leans {tilt:0.#}° from vertical (upright ≤ {UprightDegrees}°)")
            : (tilt >= ToppledDegrees, $"{a} leans {tilt:0.#}° from vertical (toppled ≥ {ToppledDegrees}°)");
    }

    private static (bool, string) Lifted(TaskScene s, string a, double height)
    {
        var (o, _) = s.Entity(a);
        var rise = s.Box(a).Min.Z - s.StartBox(o.Id).Min.Z;
        return (rise >= height, $"{a}'s bottom rose {M(rise)} (needs {M(height)})");
    }

    private static (bool, string) Off(TaskScene s, string a, string b)
    {
        var (on, _) = On(s, a, b);
        var box = s.Box(a);
        if (b == "floor") return (!on, $"{a}'s bottom is at z={M(box.Min.Z)}");
        var surface = s.Anchor(b, "surface") ?? s.Box(b);
        var above = FootprintOverlap(box, surface) > 0 && box.Min.Z >= surface.Max.Z - RestTolerance(box);
        var holds = !on && !above;
        return (holds, $"{a} is {(holds ? "off" : "still on or over")} {b} (bottom z={M(box.Min.Z)}, {b}'s top z={M(surface.Max.Z)}, footprint over it {FootprintOverlap(box, surface):P0})");
    }

    private static (bool, string) PartAt(TaskScene s, string reference, bool high)
    {
        var part = s.Part(reference);
        var progress = s.Progress(part);
        var (from, to) = TaskScene.Ends(part);
        var threshold = part.Threshold is { } t && Math.Abs(to - from) > 1e-12 ? (t - from) / (to - from) : OpenProgress;
        var q = s.JointValue(part);
        return high
            ? (progress >= threshold, $"{reference} is at {Unit(part, q)}, {progress:P0} of the way from {Unit(part, from)} to {Unit(part, to)} (needs ≥ {threshold:P0})")
            : (progress <= ClosedProgress, $"{reference} is at {Unit(part, q)}, {progress:P0} of the way from {Unit(part, from)} to {Unit(part, to)} (needs ≤ {ClosedProgress:P0})");
    }

    private static (bool, string) Rotated(TaskScene s, string reference, double degrees)
    {
        var part = s.Part(reference);
        var turned = Math.Abs(s.JointValue(part) - s.StartJointValue(part)) * 180 / Math.PI;
        var holds = Math.Abs(turned - Math.Abs(degrees)) <= RotatedToleranceDegrees;
        return (holds, $"{reference} turned {turned:0.#}° from its start (needs {Math.Abs(degrees):0.#}° ± {RotatedToleranceDegrees}°)");
    }

    /// <summary>Share of a's floor footprint that lies over b's.</summary>
    public static double FootprintOverlap(Aabb a, Aabb b)
    {
        var ox = Math.Max(0, Math.Min(a.Max.X, b.Max.X) - Math.Max(a.Min.X, b.Min.X));
        var oy = Math.Max(0, Math.Min(a.Max.Y, b.Max.Y) - Math.Max(a.Min.Y, b.Min.Y));
        var area = Math.Max(1e-12, a.Size.X * a.Size.Y);
        return ox * oy / area;
    }

    /// <summary>Horizontal distance between two footprints (0 when they touch or overlap).</summary>
    public static double FootprintGap(Aabb a, Aabb b)
    {
        var dx = Math.Max(0, Math.Max(a.Min.X - b.Max.X, b.Min.X - a.Max.X));
        var dy = Math.Max(0, Math.Max(a.Min.Y - b.Max.Y, b.Min.Y - a.Max.Y));
        return Math.Sqrt(dx * dx + dy * dy);
    }

    public static bool Overlaps(Aabb a, Aabb b) =>
        a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y && a.Min.Z < b.Max.Z && b.Min.Z < a.Max.Z;

    private static string Unit(TaskPart part, double q) =>
        part.Type == "hinge" ? (q * 180 / Math.PI).ToString("0.#", CultureInfo.InvariantCulture) + "°" : M(q);

    private static string M(double metres) => metres.ToString("0.###", CultureInfo.InvariantCulture) + " m";

    private static string Show(Aabb box) => $"[{box.Min} .. {box.Max}]";
}
