using System.Text.Json;

namespace Benchgen.Generation.Tasks;

/// <summary>Reads a TaskSpec from JSON: schema first (every error with its JSON path), then the library's rules.</summary>
public static class TaskSpecReader
{
    /// <exception cref="TaskSpecException">The JSON is malformed, fails the schema, or names what the library lacks.</exception>
    public static TaskSpec Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TaskSpec>(json, TaskSpec.Json) ?? throw new TaskSpecException("$: the spec is null");
        }
        catch (JsonException ex)
        {
            throw new TaskSpecException($"{ex.Path ?? "$"}: {ex.Message}");
        }
    }
}
