namespace Benchgen.Generation.Planning;

/// <summary>The embedded planner: picks the scenario family that recognises a prompt and lets it plan the scene.</summary>
public sealed class PromptParser
{
    private readonly IReadOnlyList<IScenarioFamily> _families;

    public PromptParser() : this([new StackFamily()]) { }

    public PromptParser(IEnumerable<IScenarioFamily> families)
    {
        _families = families.OrderByDescending(f => f.Priority).ToArray();
        if (_families.Count == 0) throw new ArgumentException("The prompt parser needs at least one scenario family.", nameof(families));
    }

    public IReadOnlyList<string> SupportedFamilies => _families.Select(f => f.Name).ToArray();

    /// <exception cref="ArgumentException">The prompt is empty, whitespace or longer than <see cref="PromptText.MaxLength"/>.</exception>
    /// <exception cref="UnsupportedPromptException">No family recognises the prompt, or it asks for something out of range.</exception>
    public ScenarioPlan Parse(string prompt)
    {
        var text = PromptText.From(prompt);
        var family = _families.FirstOrDefault(f => f.Recognises(text));
        if (family is null)
        {
            var supported = string.Join("; ", _families.Select(f => $"{f.Name} (e.g. \"{f.Example}\")"));
            throw new UnsupportedPromptException(
                $"No scenario family matches the prompt \"{Shorten(prompt)}\". Supported families: {supported}.");
        }
        return family.Plan(text);
    }

    private static string Shorten(string prompt) => prompt.Length <= 80 ? prompt.Trim() : prompt[..77].Trim() + "...";
}
