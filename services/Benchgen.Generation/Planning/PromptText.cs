using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Benchgen.Generation.Planning;

/// <summary>
/// A prompt split into lower-case words, with the attribute extractors every family shares (counts, shapes, sizes,
/// colours, materials). Families decide which attributes they use.
/// </summary>
public sealed partial class PromptText
{
    public const int MaxLength = 2000;

    private static readonly string[] NumberWords =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    private static readonly Dictionary<string, PartShape> ShapeNouns = new(StringComparer.Ordinal)
    {
        ["block"] = PartShape.Box, ["blocks"] = PartShape.Box, ["cube"] = PartShape.Box, ["cubes"] = PartShape.Box,
        ["box"] = PartShape.Box, ["boxes"] = PartShape.Box, ["brick"] = PartShape.Box, ["bricks"] = PartShape.Box,
        ["cylinder"] = PartShape.Cylinder, ["cylinders"] = PartShape.Cylinder, ["disc"] = PartShape.Cylinder,
        ["discs"] = PartShape.Cylinder, ["disk"] = PartShape.Cylinder, ["disks"] = PartShape.Cylinder,
        ["puck"] = PartShape.Cylinder, ["pucks"] = PartShape.Cylinder, ["can"] = PartShape.Cylinder, ["cans"] = PartShape.Cylinder,
        ["ball"] = PartShape.Sphere, ["balls"] = PartShape.Sphere, ["sphere"] = PartShape.Sphere, ["spheres"] = PartShape.Sphere,
        ["marble"] = PartShape.Sphere, ["marbles"] = PartShape.Sphere, ["orb"] = PartShape.Sphere, ["orbs"] = PartShape.Sphere,
        ["domino"] = PartShape.Box, ["dominoes"] = PartShape.Box, ["dominos"] = PartShape.Box, ["tile"] = PartShape.Box,
        ["tiles"] = PartShape.Box, ["plank"] = PartShape.Box, ["planks"] = PartShape.Box, ["peg"] = PartShape.Cylinder, ["pegs"] = PartShape.Cylinder, ["rod"] = PartShape.Cylinder,
        ["rods"] = PartShape.Cylinder, ["pipe"] = PartShape.Cylinder, ["pipes"] = PartShape.Cylinder,
    };

    // Elongation words change a part's proportions rather than its overall size class.
    private static readonly Dictionary<string, string> ProportionWords = new(StringComparer.Ordinal)
    {
        ["tall"] = "tall", ["taller"] = "tall", ["long"] = "long", ["longer"] = "long",
    };

    private static readonly Dictionary<string, string> ArrangementWords = new(StringComparer.Ordinal)
    {
        ["row"] = "row", ["rows"] = "row", ["line"] = "row", ["lined"] = "row", ["queue"] = "row", ["chain"] = "row",
        ["grid"] = "grid", ["square"] = "grid", ["circle"] = "circle", ["ring"] = "circle", ["staggered"] = "staggered",
        ["offset"] = "staggered", ["scattered"] = "scattered", ["loose"] = "scattered", ["side-by-side"] = "side-by-side",
        ["stacked"] = "stacked", ["aligned"] = "aligned",
    };

    private static readonly HashSet<string> FloorNouns = new(StringComparer.Ordinal)
    {
        "floor", "ground", "surface", "table", "tabletop", "table-top",
    };

    private static readonly Dictionary<string, SizeClass> SizeWords = new(StringComparer.Ordinal)
    {
        ["tiny"] = SizeClass.Small, ["small"] = SizeClass.Small, ["little"] = SizeClass.Small, ["mini"] = SizeClass.Small,
        ["medium"] = SizeClass.Medium, ["regular"] = SizeClass.Medium, ["normal"] = SizeClass.Medium,
        ["large"] = SizeClass.Large, ["big"] = SizeClass.Large, ["huge"] = SizeClass.Large, ["giant"] = SizeClass.Large,
    };

    private static readonly Dictionary<string, float[]> Colours = new(StringComparer.Ordinal)
    {
        ["red"] = [0.85f, 0.15f, 0.12f, 1f], ["green"] = [0.18f, 0.65f, 0.25f, 1f], ["blue"] = [0.15f, 0.35f, 0.85f, 1f],
        ["yellow"] = [0.95f, 0.85f, 0.15f, 1f], ["orange"] = [0.95f, 0.55f, 0.1f, 1f], ["purple"] = [0.55f, 0.25f, 0.75f, 1f],
        ["pink"] = [0.95f, 0.5f, 0.7f, 1f], ["white"] = [0.92f, 0.92f, 0.92f, 1f], ["black"] = [0.08f, 0.08f, 0.08f, 1f],
        ["grey"] = [0.5f, 0.5f, 0.5f, 1f], ["gray"] = [0.5f, 0.5f, 0.5f, 1f], ["brown"] = [0.5f, 0.32f, 0.18f, 1f],
        ["cyan"] = [0.1f, 0.75f, 0.8f, 1f],
    };

    private static readonly Dictionary<string, MaterialSpec> Materials = new(StringComparer.Ordinal)
    {
        ["wood"] = new("wood", 700, 0.6), ["wooden"] = new("wood", 700, 0.6),
        ["metal"] = new("steel", 7800, 0.4), ["metallic"] = new("steel", 7800, 0.4), ["steel"] = new("steel", 7800, 0.4),
        ["iron"] = new("steel", 7800, 0.4),
        ["aluminium"] = new("aluminium", 2700, 0.45), ["aluminum"] = new("aluminium", 2700, 0.45),
        ["plastic"] = new("plastic", 1100, 0.5), ["rubber"] = new("rubber", 1200, 0.9),
        ["stone"] = new("stone", 2500, 0.7), ["concrete"] = new("stone", 2400, 0.7), ["glass"] = new("glass", 2500, 0.4),
        ["foam"] = new("foam", 100, 0.8),
        ["ice"] = new("ice", 917, 0.05), ["icy"] = new("ice", 917, 0.05), ["frozen"] = new("ice", 917, 0.05),
        ["rubbery"] = new("rubber", 1200, 0.9), ["plastics"] = new("plastic", 1100, 0.5),
    };

    public static readonly MaterialSpec DefaultMaterial = new("wood", 700, 0.6);

    private PromptText(string original, IReadOnlyList<string> words)
    {
        Original = original;
        Words = words;
    }

    public string Original { get; }

    /// <summary>Lower-case words (letters, digits, hyphens) in prompt order.</summary>
    public IReadOnlyList<string> Words { get; }

    public static PromptText From(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
            throw new ArgumentException("The prompt is empty; describe a scenario, e.g. \"A stack of 3 blocks\".", nameof(prompt));
        if (prompt.Length > MaxLength)
            throw new ArgumentException($"The prompt is {prompt.Length} characters long; the limit is {MaxLength}.", nameof(prompt));
        var normalised = prompt.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var words = WordPattern().Matches(normalised).Select(m => m.Value).ToArray();
        return new PromptText(prompt, words);
    }

    public bool HasAny(params string[] words) => Words.Any(w => words.Contains(w, StringComparer.Ordinal));

    /// <summary>
    /// The count of parts: a number (digits or one..twenty) that precedes a shape noun within three words wins,
    /// otherwise the first number in the prompt. Null when the prompt has none.
    /// </summary>
    public int? FindCount()
    {
        int? first = null;
        for (var i = 0; i < Words.Count; i++)
        {
            var value = ParseNumber(Words[i]);
            if (value is null) continue;
            first ??= value;
            for (var j = i + 1; j < Math.Min(Words.Count, i + 5); j++)
                if (ShapeNouns.ContainsKey(Words[j])) return value;
        }
        return first;
    }

    /// <summary>The first shape noun (block, cube, box, cylinder, ball...) and the word that named it.</summary>
    public (PartShape Shape, string Noun)? FindShape()
    {
        foreach (var word in Words)
            if (ShapeNouns.TryGetValue(word, out var shape)) return (shape, word);
        return null;
    }

    public SizeClass? FindSize()
    {
        foreach (var word in Words)
            if (SizeWords.TryGetValue(word, out var size)) return size;
        return null;
    }

    public (string Name, float[] Rgba)? FindColour()
    {
        foreach (var word in Words)
            if (Colours.TryGetValue(word, out var rgba)) return (word == "gray" ? "grey" : word, (float[])rgba.Clone());
        return null;
    }

    /// <summary>
    /// Material of the parts: the first material word that does not describe the floor ("icy floor" names the floor's
    /// material, not the blocks').
    /// </summary>
    public MaterialSpec? FindMaterial()
    {
        for (var i = 0; i < Words.Count; i++)
            if (Materials.TryGetValue(Words[i], out var material) && !DescribesFloor(i)) return material;
        return null;
    }

    /// <summary>Material of the floor: a material word directly before floor/ground/surface/table ("on an icy floor").</summary>
    public MaterialSpec? FindFloorMaterial()
    {
        for (var i = 0; i < Words.Count; i++)
            if (Materials.TryGetValue(Words[i], out var material) && DescribesFloor(i)) return material;
        return null;
    }

    /// <summary>The first arrangement word (row, line, grid, circle, staggered, scattered...), normalised; null when none.</summary>
    public string? FindArrangement()
    {
        foreach (var word in Words)
            if (ArrangementWords.TryGetValue(word, out var arrangement)) return arrangement;
        return null;
    }

    /// <summary>"tall" or "long" when the prompt asks for elongated parts; null otherwise.</summary>
    public string? FindProportion()
    {
        foreach (var word in Words)
            if (ProportionWords.TryGetValue(word, out var proportion)) return proportion;
        return null;
    }

    /// <summary>Every shape noun in prompt order, for families whose prompt also names a container ("a box of balls").</summary>
    public IReadOnlyList<(PartShape Shape, string Noun)> FindShapes() =>
        Words.Where(ShapeNouns.ContainsKey).Select(w => (ShapeNouns[w], w)).ToArray();

    /// <summary>The count of parts named by one of <paramref name="nouns"/>: a number within four words before it.</summary>
    public int? FindCountOf(params string[] nouns)
    {
        for (var i = 0; i < Words.Count; i++)
        {
            if (!nouns.Contains(Words[i], StringComparer.Ordinal)) continue;
            for (var j = i - 1; j >= Math.Max(0, i - 4); j--)
                if (ParseNumber(Words[j]) is { } value) return value;
        }
        return null;
    }

    /// <summary>True when any word is one of <paramref name="words"/> or a plural of one (word + "s"/"es").</summary>
    public bool HasAnyForm(params string[] words) =>
        Words.Any(w => words.Any(k => w == k || w == k + "s" || w == k + "es"));

    public static bool IsNumber(string word) => ParseNumber(word) is not null;

    private bool DescribesFloor(int index)
    {
        // "icy floor", "an ice-covered floor", "on a wooden table"; allow one adjective in between ("icy smooth floor").
        for (var j = index + 1; j < Math.Min(Words.Count, index + 3); j++)
        {
            if (FloorNouns.Contains(Words[j])) return true;
            if (ShapeNouns.ContainsKey(Words[j])) return false;
        }
        return false;
    }

    private static int? ParseNumber(string word)
    {
        if (word.All(char.IsAsciiDigit))
            return word.Length > 6 ? int.MaxValue : int.Parse(word, CultureInfo.InvariantCulture);
        var index = Array.IndexOf(NumberWords, word);
        return index >= 0 ? index : null;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();
}
