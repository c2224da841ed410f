using System.Text.Json.Nodes;
using Benchgen.Physics;

namespace Benchgen.Generation.Validation;

/// <summary>The parts of a script's definition() the validator checks, read from its JSON.</summary>
public sealed record BenchmarkDefinition(
    Aabb BuildZone,
    Aabb GoalZone,
    IReadOnlyList<Aabb> ForbidZones,
    string PayloadBody,
    Vec3 PayloadStart,
    Vec3 PayloadJitter,
    Aabb SimulationBounds,
    IReadOnlyList<string> FreeBodies)
{
    /// <summary>Reads the definition; throws <see cref="FormatException"/> naming the missing or malformed field.</summary>
    public static BenchmarkDefinition Read(JsonObject json)
    {
        var payload = json["payload"] as JsonObject ?? throw new FormatException("definition has no payload object");
        return new BenchmarkDefinition(
            Box(json["build_zone"] as JsonObject, "build_zone"),
            Box(json["goal_zone"] as JsonObject, "goal_zone"),
            (json["forbid_zones"] as JsonArray ?? throw new FormatException("definition has no forbid_zones list"))
                .Select((node, i) => Box(node as JsonObject, $"forbid_zones[{i}]")).ToArray(),
            Text(payload, "body", "payload.body"),
            Vector(payload["start"], "payload.start"),
            Vector(payload["jitter"], "payload.jitter"),
            Box(json["simulation_bounds"] as JsonObject, "simulation_bounds"),
            (json["free_bodies"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToArray() ?? []);
    }

    private static Aabb Box(JsonObject? box, string name)
    {
        if (box is null) throw new FormatException($"definition has no {name} box");
        var min = Vector(box["min"], name + ".min");
        var max = Vector(box["max"], name + ".max");
        if (!(min.X <= max.X && min.Y <= max.Y && min.Z <= max.Z))
            throw new FormatException($"definition {name} has min {min} above max {max}");
        return new Aabb(min, max);
    }

    private static Vec3 Vector(JsonNode? node, string name)
    {
        if (node is not JsonArray { Count: 3 } array)
            throw new FormatException($"definition {name} is not a list of three numbers");
        try
        {
            var v = new Vec3(array[0]!.GetValue<double>(), array[1]!.GetValue<double>(), array[2]!.GetValue<double>());
            return v.IsFinite ? v : throw new FormatException($"definition {name} is not finite");
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException)
        {
            throw new FormatException($"definition {name} is not a list of three numbers");
        }
    }

    private static string Text(JsonObject json, string key, string name) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0
            ? s
            : throw new FormatException($"definition has no {name} string");
}
