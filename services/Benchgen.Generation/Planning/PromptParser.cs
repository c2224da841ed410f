using System.Reflection;

namespace Benchgen.Generation.Planning;

/// <summary>The embedded planner: picks the scenario family that recognises a prompt and lets it plan the scene.</summary>
public sealed class PromptParser
{
    private readonly IReadOnlyList<IScenarioFamily> _families;

    /// <summary>Every family of the embedded catalogue: each concrete <see cref="IScenarioFamily"/> in this assembly.</summary>
    public PromptParser() : this(CatalogueFamilies()) { }

    public PromptParser(IEnumerable<IScenarioFamily> families)
    {
        _families = families.OrderByDescending(f => f.Priority).ThenBy(f => f.Name, StringComparer.Ordinal).ToArray();
        if (_families.Count == 0) throw new ArgumentException("The prompt parser needs at least one scenario family.", nameof(families));
    }

    public IReadOnlyList<string> SupportedFamilies => _families.Select(f => f.Name).ToArray();

    /// <summary>All families compiled into Generation, so a new family class needs no change here.</summary>
    public static IReadOnlyList<IScenarioFamily> CatalogueFamilies() =>
        typeof(IScenarioFamily).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenarioFamily).IsAssignableFrom(t) &&
                        t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IScenarioFamily)Activator.CreateInstance(t)!)
            .ToArray();

    /// <exception cref="ArgumentException">The prompt is empty, whitespace or longer than <see cref="PromptText.MaxLength"/>.</exception>
    /// <exception cref="UnsupportedPromptException">No family recognises the prompt, or it asks for something out of range.</exception>
    public ScenarioPlan Parse(string prompt)
    {
        var text = PromptText.From(prompt);
        var family = _families.FirstOrDefault(f => f.Recognises(text));
        // The task parser (Tasks/Parsing) decides what to tell the user; the family planners only say whether they apply.
        if (family is null) throw new UnsupportedPromptException($"No catalogue family describes \"{Shorten(prompt)}\".");
        var plan = family.Plan(text);
        // Families that predate floor materials and proportions still get them from the prompt.
        return plan with { FloorMaterial = plan.FloorMaterial ?? text.FindFloorMaterial(), Proportion = plan.Proportion ?? text.FindProportion() };
    }

    private static string Shorten(string prompt) => prompt.Length <= 80 ? prompt.Trim() : prompt[..77].Trim() + "...";
}
