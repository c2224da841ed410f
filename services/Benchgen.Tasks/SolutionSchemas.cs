using System.Text.Json;
using Json.Schema;

namespace Benchgen.Tasks;

/// <summary>
/// The JSON Schemas of grading solutions (<c>schemas/solution-{skills,trajectory,design}.v1.json</c>): a solution file is
/// checked against the schema of its <c>kind</c> first, every error with its JSON path.
/// </summary>
public static class SolutionSchemas
{
    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal)
    {
        ["skills"] = Load("solution-skills.v1.json"),
        ["guide"] = Load("solution-skills.v1.json"),
        ["trajectory"] = Load("solution-trajectory.v1.json"),
        ["design"] = Load("solution-design.v1.json"),
    };

    /// <summary>The kinds a solution may have.</summary>
    public static IReadOnlyCollection<string> Kinds => Schemas.Keys;

    /// <summary>The schema text of a kind, as published in the repository.</summary>
    public static string Text(string kind) => Read(kind == "guide" ? "solution-skills.v1.json" : $"solution-{kind}.v1.json");

    /// <summary>Schema violations as "$.path: message" (empty when valid); an unknown kind is one error at <c>$.kind</c>.</summary>
    public static IReadOnlyList<string> Errors(JsonElement root)
    {
        var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (kind is null || !Schemas.TryGetValue(kind, out var schema))
            return ["$.kind: must be \"skills\", \"trajectory\" or \"design\" (or a preset's \"guide\")"];
        var results = schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return results.IsValid ? [] : TaskSpecReader.ErrorsOf(results, "the solution does not match its schema");
    }

    private static Lazy<JsonSchema> Load(string name) => new(() => JsonSchema.FromText(Read(name)));

    private static string Read(string name)
    {
        using var stream = typeof(SolutionSchemas).Assembly.GetManifestResourceStream("Benchgen.Tasks." + name)
            ?? throw new InvalidOperationException($"The solution schema is not embedded (Benchgen.Tasks.{name}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
