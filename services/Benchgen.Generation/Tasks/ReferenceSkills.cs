using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>
/// One step of a reference solution (TASKS.md §5): <c>carry</c> (lift, move, lower, release), <c>push</c> (stay on
/// the surface), <c>drive</c> (a part's joint to a target value), <c>press</c> (a button to its end), <c>topple</c>
/// (push an upright object over at its top), and <c>guide</c> (a body through explicit waypoints, the presets' format).
/// Targets of carry/push are predicates, resolved against the live scene when the step starts, so one solution serves
/// every seed and scale.
/// </summary>
public sealed record Skill
{
    [JsonPropertyName("skill")] public string Name { get; init; } = "";

    /// <summary>The object (or free part, <c>box_1.lid</c>) a carry/push/topple moves, or the part a drive/press turns.</summary>
    [JsonPropertyName("subject")] public string Subject { get; init; } = "";

    /// <summary>The goal predicates this step makes true (carry/push targets are computed from them).</summary>
    [JsonPropertyName("to")] public IReadOnlyList<Predicate> To { get; init; } = [];

    /// <summary>Joint value a drive/press ends at (metres or radians).</summary>
    [JsonPropertyName("target")] public double? Target { get; init; }

    /// <summary>For a drive through a coupled part (turn the input gear to move the output gear): the part pushed on.</summary>
    [JsonPropertyName("via")] public string? Via { get; init; }

    /// <summary>Largest force (N) or torque (N·m) the hand applies in this step.</summary>
    [JsonPropertyName("max_effort")] public double MaxEffort { get; init; }

    /// <summary>A guide's explicit path (the presets' format) and how long the hand holds it, in seconds.</summary>
    [JsonPropertyName("waypoints")] public IReadOnlyList<double[]>? Waypoints { get; init; }

    [JsonPropertyName("duration")] public double? Duration { get; init; }

    public override string ToString() => Name switch
    {
        "drive" or "press" => $"{Name}({Subject}{(Via is null ? "" : " via " + Via)} → {Target?.ToString("0.###", CultureInfo.InvariantCulture)})",
        "guide" => $"guide({Subject}, {Waypoints?.Count ?? 0} waypoints)",
        _ => $"{Name}({Subject} → {string.Join(", ", To.Select(p => p.ToString()))})",
    };
}

/// <summary>A reference solution: skills in order. JSON: <c>{"kind": "skills", "steps": [...]}</c>.</summary>
public sealed record SkillPlan(IReadOnlyList<Skill> Steps)
{
    public const string Kind = "skills";

    public JsonObject ToJson() => new()
    {
        ["kind"] = Kind,
        ["steps"] = System.Text.Json.JsonSerializer.SerializeToNode(Steps, TaskSpec.Json),
    };

    public override string ToString() => string.Join("; ", Steps);
}

/// <summary>Derives the reference solution from a task's goal: the oracle speaks the same predicates as the goal.</summary>
public static class ReferenceSkills
{
    private static readonly HashSet<string> Placing = new(StringComparer.Ordinal)
        { "on", "in", "inserted", "at", "left_of", "right_of", "in_front_of", "behind", "next_to", "between" };

    /// <exception cref="FormatException">A goal predicate the oracle has no skill for (the task is then unproven).</exception>
    public static SkillPlan Derive(TaskScene scene)
    {
        var steps = new List<Skill>();
        var goal = scene.Task.Goal;
        var placed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < goal.Count; i++)
        {
            var p = goal[i];
            switch (p.Name)
            {
                case "next_to" when !placed.Contains(p.Args[1]):
                    // next_to is symmetric: the first object is where the row starts, the second is set beside it —
                    // unless the second was placed by an earlier step (a row built 1, 2, 3 keeps 2 where it is).
                    steps.Add(new Skill { Name = "carry", Subject = p.Args[1], To = [new Predicate("next_to", p.Args[1], p.Args[0])] });
                    placed.Add(p.Args[1]);
                    placed.Add(p.Args[0]);
                    break;
                case var name when Placing.Contains(name) || name == "under":
                {
                    // Consecutive predicates about the same subject are one move (a pyramid block on two blocks).
                    var subject = p.Args[0];
                    var group = new List<Predicate> { p };
                    while (i + 1 < goal.Count && goal[i + 1].Args.Count > 0 && goal[i + 1].Args[0] == subject &&
                           (Placing.Contains(goal[i + 1].Name) || goal[i + 1].Name == "under"))
                        group.Add(goal[++i]);
                    steps.Add(new Skill { Name = group.Any(g => g.Name == "under") ? "push" : "carry", Subject = subject, To = group });
                    placed.Add(subject);
                    break;
                }
                case "stacked":
                    for (var k = 1; k < p.Args.Count; k++)
                        steps.Add(new Skill { Name = "carry", Subject = p.Args[k], To = [new Predicate("on", p.Args[k], p.Args[k - 1])] });
                    break;
                case "off":
                    // Lifting a lid off a box and putting it on the table: the next step's carry takes it off.
                    if (goal.Skip(i + 1).Any(g => g.Args.Count > 0 && g.Args[0] == p.Args[0] && Placing.Contains(g.Name))) break;
                    steps.Add(new Skill { Name = "push", Subject = p.Args[0], To = [p] });
                    break;
                case "out_of":
                    steps.Add(new Skill { Name = "carry", Subject = p.Args[0], To = [p] });
                    break;
                case "toppled":
                    steps.Add(new Skill { Name = "topple", Subject = p.Args[0], To = [p] });
                    break;
                case "open" or "closed" or "turned_on" or "turned_off" or "pressed" or "rotated":
                    steps.Add(Drive(scene, p));
                    break;
                default:
                    throw new FormatException($"the reference solution has no skill for {p.Name}()");
            }
        }
        return new SkillPlan(steps);
    }

    private static Skill Drive(TaskScene scene, Predicate p)
    {
        var part = scene.Part(p.Args[0]);
        var (from, to) = TaskScene.Ends(part);
        var start = scene.StartJointValue(part);
        var threshold = part.Threshold ?? from + TaskPredicates.OpenProgress * (to - from);
        double target = p.Name switch
        {
            "open" or "turned_on" => threshold + 0.6 * (to - threshold),
            "pressed" => to,
            "closed" or "turned_off" => from,
            _ => RotationTarget(part, start, (p.Value ?? 0) * Math.PI / 180),
        };
        var via = ViaPart(scene, p.Args[0]);
        return new Skill
        {
            Name = p.Name == "pressed" ? "press" : "drive",
            Subject = p.Args[0],
            To = [p],
            Target = Math.Round(target, 5),
            Via = via,
            MaxEffort = part.Type == "slide" ? 40 : 4,
        };
    }

    private static double RotationTarget(TaskPart part, double start, double angle)
    {
        var up = start + Math.Abs(angle);
        if (part.Upper is { } hi && part.Lower is { } lo && hi > lo && up > hi + 1e-9) return start - Math.Abs(angle);
        return up;
    }

    /// <summary>The other gear of a meshed pair: the goal is on the output gear, the hand turns the input one.</summary>
    private static string? ViaPart(TaskScene scene, string reference)
    {
        var (o, _) = scene.Entity(reference);
        if (o.Kind != "gear") return null;
        var input = scene.Task.Objects.FirstOrDefault(g => g.Kind == "gear" && g.Id != o.Id &&
                                                           g.Label.Contains("input", StringComparison.OrdinalIgnoreCase))
                    ?? scene.Task.Objects.FirstOrDefault(g => g.Kind == "gear" && g.Id != o.Id);
        return input is null ? null : input.Id + "." + input.Parts.Keys.First();
    }
}
