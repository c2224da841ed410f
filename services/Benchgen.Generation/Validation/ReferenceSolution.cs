using System.Text.Json.Nodes;
using Benchgen.Physics;

namespace Benchgen.Generation.Validation;

/// <summary>
/// A family's scripted solution, read from <c>definition["reference_solution"]</c>:
/// <c>{"kind": "guide", "body": payload, "waypoints": [[x,y,z], ...], "max_force": N, "duration": s}</c>.
/// The payload is pulled through the waypoints by a PD force on its centre, so a successful replay proves the goal zone
/// is reachable from the start without entering a forbid zone.
/// </summary>
public sealed record ReferenceSolution(string Kind, string Body, IReadOnlyList<Vec3> Waypoints, double MaxForce, double Duration)
{
    public const string Key = "reference_solution";

    /// <summary>Seconds the scene runs with no force after the guided phase, so a payload that was only held up falls.</summary>
    public const double ReleaseSeconds = 0.5;

    /// <summary>Reads the reference solution; throws <see cref="FormatException"/> naming what is missing or malformed.</summary>
    public static ReferenceSolution Read(JsonObject definition)
    {
        if (definition[Key] is not JsonObject json)
            throw new FormatException(
                $"definition has no {Key} object: every family must give a scripted solution " +
                "{\"kind\": \"guide\", \"body\": payload, \"waypoints\": [[x,y,z], ...], \"max_force\": N, \"duration\": s}");
        var kind = json["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : "";
        if (kind != "guide") throw new FormatException($"{Key}.kind is \"{kind}\"; only \"guide\" is supported");
        var body = json["body"] is JsonValue b && b.TryGetValue<string>(out var bs) && bs.Length > 0
            ? bs : throw new FormatException($"{Key} has no body string");
        if (json["waypoints"] is not JsonArray { Count: > 0 } points)
            throw new FormatException($"{Key}.waypoints must be a non-empty list of [x, y, z]");
        var waypoints = points.Select((p, i) => Vector(p, $"{Key}.waypoints[{i}]")).ToArray();
        var maxForce = Number(json["max_force"], $"{Key}.max_force");
        var duration = Number(json["duration"], $"{Key}.duration");
        if (maxForce <= 0) throw new FormatException($"{Key}.max_force must be positive, got {maxForce}");
        if (duration is <= 0 or > 60) throw new FormatException($"{Key}.duration must be in (0, 60] seconds, got {duration}");
        return new ReferenceSolution(kind, body, waypoints, maxForce, duration);
    }

    /// <summary>Length of the polyline from <paramref name="start"/> through every waypoint.</summary>
    public double PathLength(Vec3 start)
    {
        var length = 0.0;
        var previous = start;
        foreach (var w in Waypoints)
        {
            length += (w - previous).Length;
            previous = w;
        }
        return length;
    }

    private static double Number(JsonNode? node, string name)
    {
        try
        {
            var value = node?.GetValue<double>() ?? throw new FormatException($"{name} is missing");
            return double.IsFinite(value) ? value : throw new FormatException($"{name} is not finite");
        }
        catch (InvalidOperationException)
        {
            throw new FormatException($"{name} is not a number");
        }
    }

    private static Vec3 Vector(JsonNode? node, string name)
    {
        if (node is not JsonArray { Count: 3 } a) throw new FormatException($"{name} is not a list of three numbers");
        return new Vec3(Number(a[0], name), Number(a[1], name), Number(a[2], name));
    }
}

/// <summary>What one replay of a reference solution (or one random-baseline trial) did.</summary>
public sealed record ReplayOutcome(
    bool Succeeded,
    bool EndedInGoal,
    string? ForbidZoneEntered,
    bool Stable,
    int WaypointsReached,
    Vec3 FinalPosition,
    double MaxSpeed,
    double MinForbidClearance,
    string Detail);

/// <summary>
/// Replays guided forces on a payload in MuJoCo. Each step the payload gets
/// F = kp (target − x) − kd v + m g ẑ, clamped to the solution's max_force, where m is the mass of the payload's subtree;
/// the target advances to the next waypoint once the payload is within 1 cm × scale of it. After the last waypoint it
/// is held there until <see cref="ReferenceSolution.Duration"/>, then released for <see cref="ReferenceSolution.ReleaseSeconds"/>.
/// </summary>
public static class PayloadGuide
{
    /// <summary>Natural frequency of the PD pull (rad/s); critically damped so the payload does not overshoot waypoints.</summary>
    public const double Omega = 12.0;

    private const double Gravity = 9.81;

    public static ReplayOutcome ReplayReference(
        MujocoModel model, BenchmarkDefinition definition, ReferenceSolution solution, double scale, double maxBodySpeed)
    {
        var payload = model.BodyId(solution.Body);
        if (payload <= 0)
            return Failed($"reference solution drives body {solution.Body}, which is not in the model");
        var mass = SubtreeMass(model, payload);
        var tolerance = 0.01 * scale;
        var index = 0;
        return Run(model, definition, payload, solution.Duration, ReferenceSolution.ReleaseSeconds, maxBodySpeed,
            position =>
            {
                while (index < solution.Waypoints.Count - 1 && (solution.Waypoints[index] - position).Length <= tolerance) index++;
                return solution.Waypoints[index];
            },
            (position, velocity) => Pd(solution.Waypoints[index], position, velocity, mass, solution.MaxForce),
            () => index + ((solution.Waypoints[^1] - model.BodyPosition(payload)).Length <= tolerance ? 1 : 0),
            solution.Waypoints.Count);
    }

    /// <summary>
    /// One random-action trial: every 0.1 s a force drawn uniformly from the ball of radius <paramref name="maxForce"/>
    /// (on top of gravity compensation) pushes the payload; success is judged as for the reference solution.
    /// </summary>
    public static ReplayOutcome RandomTrial(
        MujocoModel model, BenchmarkDefinition definition, string body, double maxForce, double seconds, ulong seed, double maxBodySpeed)
    {
        var payload = model.BodyId(body);
        if (payload <= 0) return Failed($"payload body {body} is not in the model");
        var mass = SubtreeMass(model, payload);
        var rng = new SplitMix64(seed);
        var force = default(Vec3);
        var stepsPerAction = Math.Max(1, (int)Math.Round(0.1 / model.Timestep));
        var step = 0;
        return Run(model, definition, payload, seconds, ReferenceSolution.ReleaseSeconds, maxBodySpeed,
            _ => default,
            (_, _) =>
            {
                if (step++ % stepsPerAction == 0) force = RandomInBall(rng) * maxForce;
                return Clamp(force + new Vec3(0, 0, mass * Gravity), maxForce);
            },
            () => 0, 0);
    }

    /// <summary>Total mass of a body and every body attached below it (a drawer's handle moves with the drawer).</summary>
    public static double SubtreeMass(MujocoModel model, int bodyId)
    {
        var mass = 0.0;
        foreach (var body in model.Bodies)
        {
            var id = body.Id;
            while (id > 0 && id != bodyId) id = model.Bodies[id - 1].ParentId;
            if (id == bodyId) mass += body.Mass;
        }
        return mass;
    }

    private static ReplayOutcome Run(
        MujocoModel model, BenchmarkDefinition definition, int payload, double guidedSeconds, double releaseSeconds, double maxBodySpeed,
        Func<Vec3, Vec3> advance, Func<Vec3, Vec3, Vec3> force, Func<int> reached, int waypointCount)
    {
        model.Reset();
        var dt = model.Timestep;
        var guidedSteps = (int)Math.Ceiling(guidedSeconds / dt - 1e-9);
        var totalSteps = guidedSteps + (int)Math.Ceiling(releaseSeconds / dt - 1e-9);
        string? forbidden = null;
        var maxSpeed = 0.0;
        var clearance = double.PositiveInfinity;
        var stable = true;
        var bodies = model.Bodies;
        for (var step = 0; step < totalSteps; step++)
        {
            var state = model.State(payload);
            var position = state.Position;
            var velocity = state.LinearVelocity;
            if (!position.IsFinite || !velocity.IsFinite) { stable = false; break; }
            for (var z = 0; z < definition.ForbidZones.Count; z++)
            {
                var zone = definition.ForbidZones[z];
                clearance = Math.Min(clearance, Distance(zone, position));
                if (forbidden is null && zone.Contains(position)) forbidden = $"forbid zone {z}";
            }
            if (step < guidedSteps)
            {
                advance(position);
                model.ApplyForce(payload, force(position, velocity));
            }
            else if (step == guidedSteps)
            {
                model.ClearForces();
            }
            maxSpeed = Math.Max(maxSpeed, velocity.Length);
            // Every body, not just the payload: knocking the rest of the scene apart is instability too.
            if (step % 10 == 0)
                foreach (var body in bodies)
                    maxSpeed = Math.Max(maxSpeed, Finite(model.State(body.Id).LinearVelocity.Length));
            if (maxSpeed > maxBodySpeed) { stable = false; break; }
            model.Step();
        }
        model.ClearForces();
        var final = model.BodyPosition(payload);
        var warnings = model.ActiveWarnings();
        if (warnings.Any(w => w is "mjWARN_BADQPOS" or "mjWARN_BADQVEL" or "mjWARN_BADQACC") || !final.IsFinite) stable = false;
        var inGoal = final.IsFinite && definition.GoalZone.Contains(final);
        var done = reached();
        var succeeded = stable && inGoal && forbidden is null;
        var detail = !stable
            ? (maxSpeed > maxBodySpeed
                ? FormattableString.Invariant($"a body reached {maxSpeed:0.#} m/s (limit {maxBodySpeed} m/s): the replay is unstable")
                : "the replay produced NaN or MuJoCo instability warnings (" + string.Join(", ", warnings) + ")")
            : forbidden is not null ? $"the payload entered {forbidden}"
            : !inGoal ? $"the payload ended at {final}, outside the goal zone {Show(definition.GoalZone)}" +
                        (waypointCount > 0 ? $" (reached {Math.Min(done, waypointCount)} of {waypointCount} waypoints)" : "")
            : $"the payload ended at {final}, inside the goal zone, without entering a forbid zone";
        return new ReplayOutcome(succeeded, inGoal, forbidden, stable, Math.Min(done, waypointCount), final, maxSpeed,
            double.IsPositiveInfinity(clearance) ? -1 : clearance, detail);
    }

    private static Vec3 Pd(Vec3 target, Vec3 position, Vec3 velocity, double mass, double maxForce)
    {
        var kp = mass * Omega * Omega;
        var kd = 2 * mass * Omega;
        var f = (target - position) * kp - velocity * kd + new Vec3(0, 0, mass * Gravity);
        return Clamp(f, maxForce);
    }

    private static Vec3 Clamp(Vec3 f, double maxForce)
    {
        var norm = f.Length;
        return norm > maxForce && norm > 0 ? f * (maxForce / norm) : f;
    }

    private static Vec3 RandomInBall(SplitMix64 rng)
    {
        while (true)
        {
            var v = new Vec3(2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1);
            if (v.Length <= 1) return v;
        }
    }

    /// <summary>Distance from a point to an axis-aligned box (0 inside).</summary>
    public static double Distance(Aabb box, Vec3 p)
    {
        var dx = Math.Max(0, Math.Max(box.Min.X - p.X, p.X - box.Max.X));
        var dy = Math.Max(0, Math.Max(box.Min.Y - p.Y, p.Y - box.Max.Y));
        var dz = Math.Max(0, Math.Max(box.Min.Z - p.Z, p.Z - box.Max.Z));
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : double.MaxValue;

    private static ReplayOutcome Failed(string detail) =>
        new(false, false, null, true, 0, default, 0, -1, detail);

    internal static string Show(Aabb box) => $"[{box.Min} .. {box.Max}]";
}

/// <summary>SplitMix64: a tiny RNG whose sequence is fixed by its seed on every machine and .NET version.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
