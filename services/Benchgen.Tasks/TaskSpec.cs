using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Benchgen.Tasks;

/// <summary>
/// The task a benchmark asks for (TASKS.md §1): objects, how the scene starts, the goal predicates, variation and tier.
/// Every planner produces one; <see cref="TaskCompiler"/> turns it into the generator script. JSON shape:
/// <c>schemas/task-spec.v1.json</c>.
/// </summary>
public sealed record TaskSpec
{
    public const string Version = "benchgen.task/v1";

    [JsonPropertyName("spec")] public string Spec { get; init; } = Version;
    [JsonPropertyName("prompt")] public string? Prompt { get; init; }

    /// <summary>The catalogue preset the spec came from ("stack", "drawer", ...), or null for a composed task.</summary>
    [JsonPropertyName("preset")] public string? Preset { get; init; }

    [JsonPropertyName("objects")] public IReadOnlyList<TaskObject> Objects { get; init; } = [];
    [JsonPropertyName("placements")] public IReadOnlyList<Placement> Placements { get; init; } = [];
    [JsonPropertyName("initial")] public IReadOnlyList<Predicate> Initial { get; init; } = [];
    [JsonPropertyName("goal")] public IReadOnlyList<Predicate> Goal { get; init; } = [];
    [JsonPropertyName("variation")] public TaskVariation Variation { get; init; } = new();

    /// <summary>Where the goal zone lies (for <c>at(x, goal)</c>) and which regions are forbidden.</summary>
    [JsonPropertyName("zones")] public TaskZones Zones { get; init; } = new();

    /// <summary>1 spatial, 2 kinematic (joints, levers, gears, cranks), 3 integrated mechanism.</summary>
    [JsonPropertyName("tier")] public int Tier { get; init; } = 1;

    /// <summary>Material of the floor when the prompt names one ("on an icy floor"); null keeps the default.</summary>
    [JsonPropertyName("floor_material")] public string? FloorMaterial { get; init; }

    [JsonPropertyName("understood")] public IReadOnlyList<string> Understood { get; init; } = [];
    [JsonPropertyName("unmapped")] public IReadOnlyList<string> Unmapped { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson(bool indented = true) =>
        JsonSerializer.Serialize(this, indented ? Json : new JsonSerializerOptions(Json) { WriteIndented = false });

    /// <summary>The goal in words: "in(bowl_1, cabinet_1.drawer_bottom), closed(cabinet_1.drawer_bottom)".</summary>
    public string DescribeGoal() => string.Join(", ", Goal.Select(p => p.ToString()));

    /// <summary>One line for checkpoints and logs.</summary>
    public string Describe()
    {
        var objects = string.Join(", ", Objects.Select(o =>
            (o.Count is > 1 ? $"{o.Count}× " : "") + (o.Colour is null ? "" : o.Colour + " ") + o.Label +
            (o.Label != o.Kind ? $" ({o.Kind})" : "")));
        return $"task{(Preset is null ? "" : " (preset " + Preset + ")")}, tier {Tier}: {objects}; goal {DescribeGoal()}" +
               (Initial.Count == 0 ? "" : "; starts " + string.Join(", ", Initial.Select(p => p.ToString())));
    }
}

/// <summary>One object of the scene, or <see cref="Count"/> alike ones (expanded to one id each when compiled).</summary>
public sealed record TaskObject
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("kind")] public string Kind { get; init; } = "";

    /// <summary>The prompt's own noun ("ketchup", "black bowl"); the kind is what the library builds for it.</summary>
    [JsonPropertyName("label")] public string Label { get; init; } = "";

    [JsonPropertyName("count")] public int? Count { get; init; }
    [JsonPropertyName("colour")] public string? Colour { get; init; }

    /// <summary>An explicit colour; null lets <see cref="Colour"/> decide.</summary>
    [JsonPropertyName("rgba")] public float[]? Rgba { get; init; }

    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("material")] public string? Material { get; init; }
    [JsonPropertyName("parts")] public IReadOnlyList<string>? Parts { get; init; }

    /// <summary>Asset parameters ("drawers": 3, "orientation": "side"); numbers or strings.</summary>
    [JsonPropertyName("params")] public IReadOnlyDictionary<string, JsonElement>? Params { get; init; }
}

/// <summary>How the scene starts: one object related to a target, or an arrangement of several objects.</summary>
public sealed record Placement
{
    [JsonPropertyName("object")] public string? Object { get; init; }
    [JsonPropertyName("relation")] public string? Relation { get; init; }
    [JsonPropertyName("target")] public string? Target { get; init; }
    [JsonPropertyName("arrangement")] public string? Arrangement { get; init; }
    [JsonPropertyName("objects")] public IReadOnlyList<string>? Objects { get; init; }

    public override string ToString() => Arrangement is not null
        ? $"{Arrangement}({string.Join(", ", Objects ?? [])}){(Target is null ? "" : " on " + Target)}"
        : $"{Relation}({Object}, {Target})";
}

/// <summary>One predicate: name, object/part/zone arguments and, for lifted/rotated, a number (metres or degrees).</summary>
public sealed record Predicate
{
    [JsonPropertyName("predicate")] public string Name { get; init; } = "";
    [JsonPropertyName("args")] public IReadOnlyList<string> Args { get; init; } = [];
    [JsonPropertyName("value")] public double? Value { get; init; }

    public Predicate() { }

    public Predicate(string name, params string[] args)
    {
        Name = name;
        Args = args;
    }

    public override string ToString() =>
        $"{Name}({string.Join(", ", Args)}{(Value is { } v ? ", " + v.ToString("0.###", CultureInfo.InvariantCulture) : "")})";

    /// <summary>Predicates are equal when they say the same thing (name, arguments in order, value).</summary>
    public bool Equals(Predicate? other) =>
        other is not null && Name == other.Name && Value == other.Value && Args.SequenceEqual(other.Args, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Value, string.Join("\u0001", Args));
}

/// <summary>What the seeds randomize beyond the defaults, and how many variants the prompt asked for.</summary>
public sealed record TaskVariation
{
    [JsonPropertyName("variants")] public int? Variants { get; init; }

    /// <summary>"object_id.param" → [min, max] extra ranges ("lever_1.fulcrum": [0.3, 0.7]).</summary>
    [JsonPropertyName("ranges")] public IReadOnlyDictionary<string, double[]> Ranges { get; init; } = new Dictionary<string, double[]>();
}

/// <summary>
/// The zones of a task: a rule placing the goal zone of <c>at(x, goal)</c> (null: a floor region 0.25–0.45 m from the
/// payload's start) and rules placing forbid zones, each relative to the scene (README §1, <see cref="TaskSpecRules.ZoneRegions"/>).
/// </summary>
public sealed record TaskZones
{
    [JsonPropertyName("goal")] public ZoneRule? Goal { get; init; }
    [JsonPropertyName("forbid")] public IReadOnlyList<ZoneRule> Forbid { get; init; } = [];
}

/// <summary>One zone rule: a region name and the objects (or object anchors) it is placed against.</summary>
public sealed record ZoneRule
{
    [JsonPropertyName("region")] public string Region { get; init; } = "";
    [JsonPropertyName("args")] public IReadOnlyList<string> Args { get; init; } = [];

    public ZoneRule() { }

    public ZoneRule(string region, params string[] args)
    {
        Region = region;
        Args = args;
    }

    public override string ToString() => $"{Region}({string.Join(", ", Args)})";

    public bool Equals(ZoneRule? other) => other is not null && Region == other.Region && Args.SequenceEqual(other.Args, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Region, string.Join("\u0001", Args));
}

/// <summary>A TaskSpec that is malformed, fails its schema, or asks for something the library cannot build.</summary>
public sealed class TaskSpecException(string message, IReadOnlyList<string>? errors = null) : Exception(message)
{
    /// <summary>One entry per problem, each starting with its JSON path ("$.objects[1].kind: ...").</summary>
    public IReadOnlyList<string> Errors { get; } = errors ?? [message];
}
