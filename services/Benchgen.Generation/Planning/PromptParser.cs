using System.Reflection;

namespace Benchgen.Generation.Planning;

/// <summary>The embedded planner: picks the scenario family that recognises a prompt and lets it plan the scene.</summary>
public sealed class PromptParser
{
    // Words that say what a family is about, beyond its name and example; used only to name the closest families when a
    // prompt matches none. Families not listed here are ranked by their name and example alone.
    private static readonly Dictionary<string, string[]> FamilyKeywords = new(StringComparer.Ordinal)
    {
        ["stack"] = ["stack", "tower", "pile", "block", "cube", "cylinder", "brick", "build", "tall"],
        ["pyramid"] = ["pyramid", "triangle", "triangular", "block", "cube", "brick", "stepped"],
        ["container"] = ["container", "box", "bin", "crate", "basket", "bucket", "ball", "sphere", "marble", "inside", "containing", "fill"],
        ["ramp"] = ["ramp", "incline", "slope", "roll", "rolling", "ball", "downhill", "chute"],
        ["dominoes"] = ["domino", "row", "line", "topple", "knock", "chain"],
        ["gap_bridge"] = ["gap", "bridge", "platform", "cross", "across", "chasm", "span", "jump"],
        ["sideways_transfer"] = ["sideways", "obstacle", "wall", "barrier", "past", "transfer", "move", "around", "over"],
        ["drawer"] = ["drawer", "handle", "slide", "sliding", "open", "cabinet", "pull"],
        ["lever"] = ["lever", "fulcrum", "seesaw", "weight", "pivot", "beam", "balance"],
        ["peg_in_hole"] = ["peg", "hole", "insert", "socket", "plug", "slot"],
        ["pendulum"] = ["pendulum", "swing", "hanging", "frame", "bob", "string"],
        ["hinged_door"] = ["door", "hinge", "hinged", "open", "gate", "swing"],
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "on", "in", "into", "with", "and", "to", "from", "at", "by", "for", "one", "its", "it", "is",
        "some", "that", "this", "e", "g", "eg",
    };

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
        if (family is null)
        {
            var closest = string.Join(", ", ClosestFamilies(text, 2));
            var supported = string.Join("; ", _families.Select(f => $"{f.Name} (e.g. \"{f.Example}\")"));
            throw new UnsupportedPromptException(
                $"No scenario family matches the prompt \"{Shorten(prompt)}\"; closest: {closest}. Supported families: {supported}.");
        }
        var plan = family.Plan(text);
        // Families that predate floor materials and proportions still get them from the prompt.
        return plan with { FloorMaterial = plan.FloorMaterial ?? text.FindFloorMaterial(), Proportion = plan.Proportion ?? text.FindProportion() };
    }

    /// <summary>
    /// Families ranked by how close the prompt's words come to each family's keywords: an exact word scores 1, a near
    /// spelling (edit distance at most a third of the word) scores less. Ties keep the simplest families first.
    /// </summary>
    public IReadOnlyList<string> ClosestFamilies(PromptText prompt, int count)
    {
        var words = prompt.Words.Where(w => !StopWords.Contains(w) && !PromptText.IsNumber(w)).Select(Singular).Distinct().ToArray();
        return _families
            .Select((f, order) => (f.Name, Score: words.Sum(w => Keywords(f).Max(k => Similarity(w, k))), f.Priority, order))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Priority).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Take(Math.Max(1, count)).Select(r => r.Name).ToArray();
    }

    private static IEnumerable<string> Keywords(IScenarioFamily family)
    {
        var own = PromptText.From(family.Name.Replace('_', ' ') + " " + family.Example).Words
            .Where(w => !StopWords.Contains(w) && !PromptText.IsNumber(w)).Select(Singular);
        return FamilyKeywords.TryGetValue(family.Name, out var extra) ? own.Concat(extra).Distinct() : own.Distinct();
    }

    private static double Similarity(string word, string keyword)
    {
        if (word == keyword) return 1;
        var longest = Math.Max(word.Length, keyword.Length);
        if (longest < 4) return 0;
        var distance = EditDistance(word, keyword);
        return distance * 3 <= longest ? 1 - (double)distance / longest : 0;
    }

    private static string Singular(string word) =>
        word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && word[^3] is 's' or 'x' or 'o' ? word[..^2]
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static string Shorten(string prompt) => prompt.Length <= 80 ? prompt.Trim() : prompt[..77].Trim() + "...";
}
