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

    /// <summary>
    /// Schema violations as "$.path: message". Only failures that make the whole document fail are reported: a branch
    /// of a <c>oneOf</c> that another branch satisfied is not an error, and of a failed <c>oneOf</c> the branch with the
    /// fewest errors (the one the author most likely meant) is reported.
    /// </summary>
    public static IReadOnlyList<string> SchemaErrors(JsonElement root)
    {
        var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return results.IsValid ? [] : ErrorsOf(results, "the spec does not match the TaskSpec schema");
    }

    /// <summary>The errors of a failed hierarchical evaluation, as "$.path: message" (also used for solution schemas).</summary>
    public static IReadOnlyList<string> ErrorsOf(EvaluationResults results, string fallback)
    {
        var errors = new List<string>();
        Collect(results, errors);
        if (errors.Count == 0) errors.Add("$: " + fallback);
        return errors.Distinct().ToArray();
    }

    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid) return;
        var children = (node.Details ?? []).Where(d => !d.IsValid).ToArray();
        var branches = children.Where(d => Branch().IsMatch(d.EvaluationPath.ToString())).ToArray();
        if (branches.Length > 0)
        {
            var best = branches.Select(b => (Branch: b, Errors: Leaves(b))).OrderBy(b => b.Errors.Count).First();
            errors.AddRange(best.Errors);
            foreach (var child in children.Except(branches)) Collect(child, errors);
            return;
        }
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            if (keyword is not ("oneOf" or "anyOf"))
                errors.Add($"{JsonPath(node.InstanceLocation.ToString())}: {message}");
        foreach (var child in children) Collect(child, errors);
    }

    private static List<string> Leaves(EvaluationResults node)
    {
        var errors = new List<string>();
        Collect(node, errors);
        return errors;
    }

    [GeneratedRegex(@"/(oneOf|anyOf)/[0-9]+$")]
    private static partial Regex Branch();

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
