using System.Text.Json.Nodes;
using Benchgen.Physics;

namespace Benchgen.Generation.Validation;

/// <summary>
/// A family's scripted solution, read from <c>definition["reference_solution"]</c>:
/// <c>{"kind": "guide", "body": payload, "waypoints": [[x,y,z], ...], "max_force": N, "duration": s}</c>.
/// It is run as one <c>guide</c> skill (the payload pulled through the waypoints by a PD force on its centre) and graded
/// by the one evaluator, so a successful replay proves the goal zone is reachable without entering a forbid zone.
/// </summary>
public sealed record ReferenceSolution(string Kind, string Body, IReadOnlyList<Vec3> Waypoints, double MaxForce, double Duration)
{
    public const string Key = "reference_solution";

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

/// <summary>
/// Helpers the hand and the grader share. (The separate payload replay that once lived here is gone: the reference
/// solution and the random baseline are graded by <see cref="Grading.Evaluator"/>.)
/// </summary>
public static class PayloadGuide
{
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

    /// <summary>Distance from a point to an axis-aligned box (0 inside).</summary>
    public static double Distance(Aabb box, Vec3 p)
    {
        var dx = Math.Max(0, Math.Max(box.Min.X - p.X, p.X - box.Max.X));
        var dy = Math.Max(0, Math.Max(box.Min.Y - p.Y, p.Y - box.Max.Y));
        var dz = Math.Max(0, Math.Max(box.Min.Z - p.Z, p.Z - box.Max.Z));
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
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
