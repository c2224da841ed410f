using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Benchgen.Tasks;

/// <summary>
/// Reads a TaskSpec from JSON: the schema first (<c>schemas/task-spec.v1.json</c>, every error with its JSON path),
/// then the library's rules (<see cref="TaskSpecRules"/>). Used by the CLI, the intake API and generation alike.
/// </summary>
public static partial class TaskSpecReader
{
    /// <summary>Largest spec accepted, in characters; larger input is refused before parsing.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly Lazy<string> SchemaText = new(() =>
    {
        using var stream = typeof(TaskSpecReader).Assembly.GetManifestResourceStream("Benchgen.Tasks.task-spec.v1.json")
            ?? throw new InvalidOperationException("The TaskSpec schema is not embedded (Benchgen.Tasks.task-spec.v1.json).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText.Value));

    /// <summary>The JSON Schema of a TaskSpec, as published in the repository.</summary>
    public static string SchemaJson => SchemaText.Value;

    /// <exception cref="TaskSpecException">The JSON is malformed, fails the schema, or names what the library lacks.</exception>
    public static TaskSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxLength)
            throw new TaskSpecException($"$: the spec is {json.Length} characters long; the limit is {MaxLength}.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new TaskSpecException($"$: the spec is not valid JSON ({ex.Message})");
        }
        using (document)
        {
            var errors = SchemaErrors(document.RootElement);
            if (errors.Count > 0)
                throw new TaskSpecException("The spec does not match the TaskSpec schema: " + string.Join("; ", errors.Take(8)), errors);
            TaskSpec spec;
            try
            {
                spec = document.RootElement.Deserialize<TaskSpec>(TaskSpec.Json) ?? throw new TaskSpecException("$: the spec is null");
            }
            catch (JsonException ex)
            {
                throw new TaskSpecException($"{ex.Path ?? "$"}: {ex.Message}");
            }
            TaskSpecRules.Check(spec);
            return spec;
        }
    }

    /// <summary>Schema violations as "$.path: message", deepest first, one per instance location and message.</summary>
    public static IReadOnlyList<string> SchemaErrors(JsonElement root)
    {
        var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null) continue;
            foreach (var (_, message) in detail.Errors)
            {
                var line = $"{JsonPath(detail.InstanceLocation.ToString())}: {message}";
                if (!errors.Contains(line)) errors.Add(line);
            }
        }
        if (errors.Count == 0) errors.Add("$: the spec does not match the TaskSpec schema");
        // Deeper paths name the actual field; the "oneOf failed" summaries of their parents come after them.
        return errors.OrderByDescending(e => e.IndexOf(':')).ThenBy(e => e, StringComparer.Ordinal).ToArray();
    }

    /// <summary>"/objects/1/kind" → "$.objects[1].kind".</summary>
    public static string JsonPath(string pointer)
    {
        var path = "$";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            path += Index().IsMatch(name) ? $"[{name}]" : "." + name;
        }
        return path;
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Index();
}
