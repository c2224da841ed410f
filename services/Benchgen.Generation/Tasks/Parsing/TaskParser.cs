using System.Text.Json;
using Benchgen.Generation.Planning;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks.Parsing;

/// <summary>
/// The embedded planner: reads a prompt as a composed task (verbs → goal predicates, nouns → library kinds or
/// documented proxies, referents, counts, colours, step order; LEXICON.md) or, when the prompt describes one of the
/// catalogue scenes instead of a task, as that preset. Offline and deterministic. Every meaning-bearing word is either
/// in <c>understood</c> or in <c>unmapped</c>; a spec with unmapped words, or one the library cannot build, comes back
/// with a rejection that names the words and the nearest supported things.
/// </summary>
public sealed partial class TaskParser : ITaskPlanner
{
    public const int MaxRejectionLength = 300;

    /// <summary>The most models a prompt may ask for ("32 variations of …"), as the TaskSpec schema's variation.variants allows.</summary>
    public const int MaxVariations = 32;

    private static readonly HashSet<string> PresetGeneralWords = new(StringComparer.Ordinal)
    {
        "on", "in", "into", "onto", "inside", "under", "next", "beside", "between", "over", "and", "variations", "variants",
        "variable", "varies", "varying", "position", "tier", "kinematic", "mechanism", "build", "make", "create", "task",
        "floor", "ground", "icy",
    };

    public Task<PlanResult> PlanAsync(string prompt, string? reviewFeedback = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Parse(prompt));
    }

    /// <exception cref="ArgumentException">The prompt is empty or longer than <see cref="PromptText.MaxLength"/>.</exception>
    public PlanResult Parse(string prompt)
    {
        PromptText.From(prompt);
        // Tokens keep letters and digits only, so "-3 blocks" would read as 3 blocks and "1e308 blocks" or "2.5 blocks"
        // as some other count: a number that is not a plain whole number is refused before anything reads it.
        if (BadNumber(prompt) is { } bad)
            return new PlanResult(new TaskSpec { Prompt = prompt, Unmapped = [bad] }, Shorten(
                $"not understood: '{bad}' — a count is a whole number from 1 (digits, or one … twenty), not negative, a fraction or an exponent"));
        var reading = new ComposedReading(prompt).Read();
        // "100 variations of …" cannot be honoured (at most 32 models are validated): say so instead of clamping.
        if (reading.Variants is < 1 or > MaxVariations)
            return new PlanResult(new TaskSpec { Prompt = prompt, Variation = new TaskVariation { Variants = reading.Variants } }, Shorten(
                $"'{reading.Variants} variations' cannot be built: a prompt may ask for 1 to {MaxVariations} variations (models validated)"));
        var composed = Composed(prompt, reading);
        // A task the prompt spells out wins over a catalogue scene that shares its nouns ("close the drawer"); the
        // catalogue takes scene descriptions, one-colour stacks with no target, and what only a preset can build.
        var presetWords = reading.Tokens.Any(Lexicon.PresetOnlyWords.Contains);
        var scene = reading.VerbsSeen.Count == 0;
        if ((scene || reading.WantsPreset || reading.BareStack || presetWords && !composed.Accepted) &&
            PresetRecogniser.Recognise(prompt) is { } preset &&
            (!reading.BareStack || scene || preset.Preset is "stack" or "pyramid"))
        {
            // The prompt names the scene but asks for what it cannot build ("a stack of 3 balls", "a pyramid of 2
            // blocks"): say so, rather than build the loose parts the composed reading would make of it.
            if (preset.Refusal is { } refusal)
                return new PlanResult(composed.Spec with { Preset = preset.Preset }, Shorten($"cannot be built: {refusal}"));
            return FromPreset(prompt, PresetCatalogue.FromReading(preset.Reading!), reading);
        }
        return composed;
    }

    // ---- presets -----------------------------------------------------------------------------------------------

    private static PlanResult FromPreset(string prompt, TaskSpec preset, ComposedReading reading)
    {
        var vocabulary = PresetCatalogue.Vocabulary.GetValueOrDefault(preset.Preset ?? "") ?? [];
        var understood = new List<string>();
        var unmapped = new List<string>();
        foreach (var word in reading.Tokens.Where(w => !ComposedReading.IsPunctuation(w)))
        {
            if (vocabulary.Contains(word, StringComparer.Ordinal) || ComposedReading.IsGeneralWord(word) || PresetGeneralWords.Contains(word))
            {
                if (!understood.Contains(word)) understood.Add(word);
            }
            else if (!Lexicon.Fillers.Contains(word) && !unmapped.Contains(word)) unmapped.Add(word);
        }
        var ranges = new Dictionary<string, double[]>(preset.Variation.Ranges, StringComparer.Ordinal);
        if (reading.FulcrumVaries && preset.Preset == "lever") ranges["lever_1.fulcrum"] = [0.3, 0.7];
        var spec = preset with
        {
            Prompt = prompt,
            Tier = reading.Tier ?? preset.Tier,
            Variation = new TaskVariation { Variants = reading.Variants, Ranges = ranges },
            Understood = understood,
            Unmapped = unmapped,
        };
        if (unmapped.Count > 0)
            return new PlanResult(spec, Shorten(
                $"not understood: {Quote(unmapped)} — the {preset.Preset} preset knows: " +
                string.Join(", ", unmapped.SelectMany(u => TaskSpecRules.Nearest(u, vocabulary, 2)).Distinct().Take(4))));
        return new PlanResult(spec, CheckOrReason(spec));
    }

    // ---- composed tasks ----------------------------------------------------------------------------------------

    private static PlanResult Composed(string prompt, ComposedReading r)
    {
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in r.Entities)
        {
            var stem = e.Noun.Proxy ? Slug(e.Noun.Noun) : e.Kind;
            counters[stem] = counters.GetValueOrDefault(stem) + 1;
            e.Id = $"{stem}_{counters[stem]}";
        }

        // Sizes: small things going into bowls, mugs, boxes and drawers are small; receptacles of two or more, large.
        foreach (var p in r.Goal.Where(p => p.Name == "in" && p.Args.Count == 2))
        {
            var (item, target) = (p.Args[0], p.Args[1]);
            if (item is { Entity: { Free: true } e, Part: null } && e.Size is null &&
                (target.Entity?.Kind is "bowl" or "mug" or "box" || target.Part?.StartsWith("drawer", StringComparison.Ordinal) == true))
                e.Size = "small";
        }
        foreach (var group in r.Goal.Where(p => p.Name == "in" && p.Args.Count == 2 && p.Args[1] is { Entity: not null, Part: null })
                     .GroupBy(p => p.Args[1].Entity!))
            if (group.Select(p => p.Args[0].Entity).Distinct().Count() >= 2) group.Key.Size ??= "large";

        var goal = Distinct(r.Goal.Select(Render));
        var initial = Distinct(r.Initial.Select(Render));

        var placements = new List<Placement>();
        foreach (var (arrangement, objects) in r.Arrangements)
            placements.Add(new Placement { Arrangement = arrangement, Objects = objects.Select(o => o.Id).ToArray(), Target = "floor" });
        foreach (var group in r.Entities.Where(e => e.Meshing && e.Group is { Count: > 1 }).Select(e => e.Group!).Distinct())
            for (var i = 1; i < group.Count; i++)
                placements.Add(new Placement { Object = group[i].Id, Relation = "meshes_with", Target = group[i - 1].Id });
        // "the left block … the right block": the sides say how the scene starts.
        foreach (var kind in r.Entities.GroupBy(e => e.Kind))
            foreach (var (first, second, relation) in new[] { ("left", "right", "left_of"), ("front", "back", "in_front_of") })
                if (kind.FirstOrDefault(e => e.Tag == first) is { } a && kind.FirstOrDefault(e => e.Tag == second) is { } b && a.Free)
                    placements.Add(new Placement { Object = a.Id, Relation = relation, Target = b.Id });
        if (r.Entities.FirstOrDefault(e => e.Kind == "table") is { } table)
        {
            var located = new HashSet<SceneEntity>(r.Initial.Where(p => p.Name is "on" or "in" or "inserted" or "stacked")
                .SelectMany(p => p.Args.Take(p.Name == "stacked" ? p.Args.Count : 1)).Where(a => a.Entity is not null && a.Part is null).Select(a => a.Entity!));
            located.UnionWith(r.Goal.Where(p => p.Args.Count == 2 && p.Args[1].Entity == table && p.Args[0].Part is null)
                .Select(p => p.Args[0].Entity).OfType<SceneEntity>());
            located.UnionWith(r.Arrangements.SelectMany(a => a.Objects));
            foreach (var e in r.Entities.Where(e => e.Free && !located.Contains(e)))
                placements.Add(new Placement { Object = e.Id, Relation = "on", Target = table.Id });
        }

        var objectsOut = r.Entities.Select(ToObject).ToArray();
        var tier = r.Tier ?? ComputeTier(goal, placements, r.Entities);
        var ranges = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var problems = new List<string>(r.Problems);
        if (r.FulcrumVaries)
        {
            if (r.Entities.FirstOrDefault(e => e.Kind == "lever") is { } lever) ranges[lever.Id + ".fulcrum"] = [0.3, 0.7];
            else problems.Add("a varying fulcrum needs a lever");
        }

        var understood = new List<string>();
        var unmapped = new List<string>();
        for (var i = 0; i < r.Tokens.Count; i++)
        {
            var w = r.Tokens[i];
            if (ComposedReading.IsPunctuation(w)) continue;
            if (r.IsUsed(i)) { if (!understood.Contains(w)) understood.Add(w); }
            else if (!Lexicon.Fillers.Contains(w) && !unmapped.Contains(w)) unmapped.Add(w);
        }
        if (goal.Count == 0 && problems.Count == 0 && unmapped.Count == 0) problems.Add("no goal: the prompt names no task the parser knows");

        var spec = new TaskSpec
        {
            Prompt = prompt,
            Objects = objectsOut,
            Placements = placements,
            Initial = initial,
            Goal = goal,
            Variation = new TaskVariation { Variants = r.Variants, Ranges = ranges },
            Tier = tier,
            FloorMaterial = r.FloorMaterial,
            Understood = understood,
            Unmapped = unmapped,
        };
        if (unmapped.Count > 0 || problems.Count > 0)
        {
            var reasons = new List<string>();
            if (unmapped.Count > 0) reasons.Add($"not understood: {Quote(unmapped)} — {NearestSupported(unmapped)}");
            reasons.AddRange(problems.Distinct());
            return new PlanResult(spec, Shorten(string.Join("; ", reasons)));
        }
        return new PlanResult(spec, CheckOrReason(spec));
    }

    private static int ComputeTier(IReadOnlyList<Predicate> goal, List<Placement> placements, IReadOnlyList<SceneEntity> entities)
    {
        if (placements.Any(p => p.Relation == "meshes_with") || entities.Any(e => e.Kind == "crank")) return 3;
        var part = goal.Any(p => TaskSpecRules.PartPredicates.Contains(p.Name));
        var spatial = goal.Any(p => !TaskSpecRules.PartPredicates.Contains(p.Name));
        return part && spatial ? 3 : part ? 2 : 1;
    }

    private static TaskObject ToObject(SceneEntity e)
    {
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (e.Kind == "cabinet") parameters["drawers"] = JsonSerializer.SerializeToElement(e.DrawerCount);
        if (e.Kind == "box" && e.Lidded) parameters["lidded"] = JsonSerializer.SerializeToElement(true);
        foreach (var (key, value) in e.TextParams.OrderBy(p => p.Key, StringComparer.Ordinal)) parameters[key] = JsonSerializer.SerializeToElement(value);
        var o = new TaskObject
        {
            Id = e.Id, Kind = e.Kind, Label = e.Label, Colour = e.Colour, Size = e.Size, Material = e.Material,
            Params = parameters.Count > 0 ? parameters : null,
        };
        var parts = AssetLibrary.PartsOf(o).Select(p => p.Name).ToArray();
        return o with { Parts = parts.Length > 0 ? parts : null };
    }

    private static Predicate Render(ScenePredicate p) =>
        new(p.Name, p.Args.Select(Reference).ToArray()) { Value = p.Value };

    private static string Reference(SceneArg a)
    {
        if (a.Special is { } special) return special;
        var e = a.Entity!;
        if (a.Part is null) return e.Id;
        if (a.Part.StartsWith("drawer@", StringComparison.Ordinal))
        {
            var position = a.Part["drawer@".Length..];
            var names = AssetLibrary.DrawerNames(e.DrawerCount);
            return e.Id + "." + (names.Count == 1 || position.Length == 0 ? names[0] : "drawer_" + position);
        }
        return e.Id + "." + a.Part;
    }

    private static List<Predicate> Distinct(IEnumerable<Predicate> predicates)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return predicates.Where(p => seen.Add(p.ToString())).ToList();
    }

    // ---- reasons -----------------------------------------------------------------------------------------------

    /// <summary>Null when the library can build the spec (presets are checked by the same rules), else the reason.</summary>
    private static string? CheckOrReason(TaskSpec spec)
    {
        try
        {
            TaskSpecRules.Check(spec);
            return null;
        }
        catch (TaskSpecException e)
        {
            return Shorten("the library cannot build this task: " + string.Join("; ", e.Errors));
        }
    }

    private static string NearestSupported(IReadOnlyList<string> words)
    {
        var nouns = Lexicon.Nouns.Keys.ToArray();
        var verbs = Lexicon.Verbs.Select(v => string.Join(' ', v.Words)).Distinct().ToArray();
        var word = words[0];
        var nounDistance = nouns.Min(n => TaskSpecRules.EditDistance(word, n));
        var verbDistance = verbs.Min(v => TaskSpecRules.EditDistance(word, v));
        return verbDistance < nounDistance
            ? "nearest verbs: " + string.Join(", ", TaskSpecRules.Nearest(word, verbs, 3))
            : "nearest objects: " + string.Join(", ", TaskSpecRules.Nearest(word, nouns, 3));
    }

    /// <summary>The first signed, fractional or exponent number in the prompt ("-3", "2.5", "1e308", "1,000"), or null.</summary>
    internal static string? BadNumber(string prompt)
    {
        var match = BadNumberPattern().Match(prompt.Normalize(System.Text.NormalizationForm.FormKC));
        return match.Success ? (match.Value.Length <= 40 ? match.Value : match.Value[..40] + "…") : null;
    }

    // A sign right before digits (not inside a word or a "3-2-1" layer list), digits with a decimal point or comma
    // between digits, or an exponent.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\p{L}\p{N}])[-+\u2212\u2013]\p{Nd}+(?:[.,]\p{Nd}+)?(?:[eE][-+]?\p{Nd}+)?|\p{Nd}+[.,]\p{Nd}+(?:[eE][-+]?\p{Nd}+)?|(?<![\p{L}])\p{Nd}+(?:[eE][-+]?\p{Nd}+)(?![\p{L}])")]
    private static partial System.Text.RegularExpressions.Regex BadNumberPattern();

    private static string Quote(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"'{w}'"));

    private static string Shorten(string reason) => reason.Length <= MaxRejectionLength ? reason : reason[..(MaxRejectionLength - 1)] + "…";

    private static string Slug(string noun) => noun.Replace(' ', '_').Replace('-', '_');
}
