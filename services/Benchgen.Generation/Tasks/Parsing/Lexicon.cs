namespace Benchgen.Generation.Tasks.Parsing;

/// <summary>A noun the parser knows: the asset kind it builds, and whether it is a household proxy (id by its own name).</summary>
public sealed record LexiconNoun(string Noun, string Kind, bool Proxy, string? Size = null);

/// <summary>
/// The embedded parser's vocabulary (documented in LEXICON.md): nouns → asset kinds or proxies, verbs → what they
/// ask for, relation phrases → placement predicates, and the words that carry no meaning of their own.
/// </summary>
public static class Lexicon
{
    /// <summary>Nouns by their singular spelling (multi-word nouns with spaces). Kinds are written with spaces too.</summary>
    public static readonly IReadOnlyDictionary<string, LexiconNoun> Nouns = BuildNouns();

    /// <summary>Part nouns → (owning kind, part name); "drawer" is resolved by position (top/middle/bottom).</summary>
    public static readonly IReadOnlyDictionary<string, (string Kind, string Part)> PartNouns = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["drawer"] = ("cabinet", "drawer"), ["lid"] = ("box", "lid"), ["sash"] = ("window", "sash"),
    };

    /// <summary>Plural spellings → singular noun.</summary>
    public static readonly IReadOnlyDictionary<string, string> Plurals = BuildPlurals();

    /// <summary>Verb phrases (longest first when matched) → canonical verb.</summary>
    public static readonly IReadOnlyList<(string[] Words, string Verb)> Verbs = BuildVerbs();

    /// <summary>Relation phrases after the object → predicate (longest match wins).</summary>
    public static readonly IReadOnlyList<(string[] Words, string Relation)> Relations =
    [
        (["to", "the", "left", "of"], "left_of"), (["on", "the", "left", "of"], "left_of"), (["left", "of"], "left_of"),
        (["to", "the", "right", "of"], "right_of"), (["on", "the", "right", "of"], "right_of"), (["right", "of"], "right_of"),
        (["in", "front", "of"], "in_front_of"), (["to", "the", "front", "of"], "in_front_of"), (["front", "of"], "in_front_of"),
        (["in", "back", "of"], "behind"), (["to", "the", "back", "of"], "behind"), (["back", "of"], "behind"), (["behind"], "behind"),
        (["next", "to"], "next_to"), (["beside"], "next_to"), (["alongside"], "next_to"),
        (["on", "top", "of"], "on"), (["onto"], "on"), (["on"], "on"), (["upon"], "on"), (["atop"], "on"),
        (["inside", "of"], "in"), (["into"], "in"), (["inside"], "in"), (["in"], "in"), (["within"], "in"),
        (["underneath"], "under"), (["under"], "under"), (["beneath"], "under"), (["below"], "under"),
        (["between"], "between"),
    ];

    /// <summary>Words that carry no meaning of their own here: articles, politeness, particles.</summary>
    public static readonly IReadOnlySet<string> Fillers = new HashSet<string>(StringComparer.Ordinal)
    {
        "the", "a", "an", "please", "from", "up", "down", "of", "to", "its", "their", "some", "any", "that", "this", "these",
        "those", "there", "is", "are", "be", "can", "could", "would", "should", "will", "you", "we", "i", "me", "us", "my",
        "your", "our", "just", "with", "for", "at", "as", "also", "now", "carefully", "gently", "slowly", "robot", "and", "so",
        "then", "which", "where", "has", "have", "by",
    };

    /// <summary>Rainbow order (red to purple), used by "rainbow coloured" groups.</summary>
    public static readonly IReadOnlyList<string> Rainbow = ["red", "orange", "yellow", "green", "blue", "purple"];

    /// <summary>Words that name a preset's fixture or motion and no composed task: a prompt with one goes to the catalogue.</summary>
    public static readonly IReadOnlySet<string> PresetOnlyWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "ramp", "ramps", "incline", "inclined", "slope", "chute", "gap", "gaps", "chasm", "bridge", "platform", "platforms",
        "obstacle", "obstacles", "barrier", "barriers", "wall", "walls", "pendulum", "pendulums", "lever", "levers", "fulcrum",
        "seesaw", "swing", "swinging", "cross", "across", "rolling", "hinged", "staggered", "jagged", "leaning",
    };

    private static Dictionary<string, LexiconNoun> BuildNouns()
    {
        var nouns = new Dictionary<string, LexiconNoun>(StringComparer.Ordinal);
        foreach (var kind in Benchgen.Tasks.AssetLibrary.Kinds) nouns[kind.Kind.Replace('_', ' ')] = new(kind.Kind.Replace('_', ' '), kind.Kind, false);
        void Synonym(string noun, string kind) => nouns[noun] = new(noun, kind, false);
        void Proxy(string noun, string kind, string? size = null) => nouns[noun] = new(noun, kind, true, size);
        // Synonyms of library kinds: the id follows the kind (cylinder_1 for "cylindrical block").
        foreach (var s in new[] { "sphere", "marble", "orb" }) Synonym(s, "ball");
        foreach (var s in new[] { "brick", "cuboid" }) Synonym(s, "block");
        foreach (var s in new[] { "disc", "disk", "hockey puck" }) Synonym(s, "puck");
        Synonym("cylindrical block", "cylinder");
        Synonym("cylindrical object", "cylinder");
        Synonym("square peg", "peg");
        Synonym("cupboard", "cabinet");
        Synonym("dresser", "cabinet");
        Synonym("coffee maker", "coffee_machine");
        Synonym("espresso machine", "coffee_machine");
        Synonym("crate", "bin");
        Synonym("bucket", "bin");
        Synonym("tub", "container");
        Synonym("hole", "socket");
        Synonym("outlet", "socket");
        Synonym("tap", "faucet");
        Synonym("stovetop", "stove");
        Synonym("cooktop", "stove");
        Synonym("burner", "stove");
        Synonym("countertop", "table");
        Synonym("counter", "table");
        Synonym("desk", "table");
        Synonym("bookshelf", "shelf");
        Synonym("dish", "plate");
        Synonym("saucer", "plate");
        Synonym("gearwheel", "gear");
        Synonym("cog", "gear");
        Synonym("push button", "button");
        Synonym("switch", "button");
        // Household proxies: the id follows the prompt's noun (ketchup_1), the kind is what the library builds.
        foreach (var p in new[] { "ketchup", "mustard", "bbq sauce", "barbecue sauce", "salad dressing", "milk", "juice",
                     "orange juice", "wine", "water bottle", "wine bottle", "olive oil", "vinegar", "soy sauce", "moka pot",
                     "shampoo", "syrup", "honey" })
            Proxy(p, "bottle");
        foreach (var p in new[] { "alphabet soup", "tomato sauce", "soup", "beans", "soda", "soda can", "tuna", "corn", "tomato soup" })
            Proxy(p, "can");
        foreach (var p in new[] { "cream cheese", "butter", "chocolate pudding", "pudding", "tea box", "cookie box" })
            Proxy(p, "box", "small");
        foreach (var p in new[] { "cereal", "cereal box" }) Proxy(p, "box");
        foreach (var p in new[] { "cup", "coffee cup", "teacup" }) Proxy(p, "mug");
        foreach (var p in new[] { "apple", "lemon", "tennis ball" }) Proxy(p, "ball", "small");
        foreach (var p in new[] { "notebook", "magazine" }) Proxy(p, "book");
        foreach (var p in new[] { "frying pan", "pan" }) Proxy(p, "plate");
        return nouns;
    }

    private static Dictionary<string, string> BuildPlurals()
    {
        var plurals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var noun in Nouns.Keys.Concat(PartNouns.Keys))
        {
            var last = noun.Split(' ')[^1];
            var stem = noun[..^last.Length];
            string[] forms = last switch
            {
                "shelf" => ["shelves"],
                "domino" => ["dominoes", "dominos"],
                "beans" or "corn" or "milk" or "juice" or "butter" or "cereal" => [],
                _ when last.EndsWith('x') || last.EndsWith('s') || last.EndsWith("ch", StringComparison.Ordinal) => [last + "es"],
                _ when last.EndsWith('y') && !"aeiou".Contains(last[^2]) => [last[..^1] + "ies"],
                _ => [last + "s"],
            };
            foreach (var form in forms) plurals.TryAdd(stem + form, noun);
        }
        return plurals;
    }

    private static List<(string[] Words, string Verb)> BuildVerbs()
    {
        var verbs = new List<(string[], string)>();
        void Add(string phrase, string verb) => verbs.Add((phrase.Split(' '), verb));
        foreach (var v in new[] { "put", "place", "set", "drop", "lay", "bring", "transfer", "position", "load", "relocate" }) Add(v, "place");
        Add("move", "move");
        foreach (var v in new[] { "push", "slide", "sweep", "roll", "shove", "nudge", "drag" }) Add(v, "push");
        foreach (var v in new[] { "pick up", "pick", "grasp", "grab", "hold", "take", "raise", "lift up" }) Add(v, "pick");
        Add("lift", "lift");
        foreach (var v in new[] { "stack", "pile" }) Add(v, "stack");
        Add("build", "build");
        foreach (var v in new[] { "arrange", "line up", "lay out" }) Add(v, "arrange");
        foreach (var v in new[] { "insert", "plug in", "plug" }) Add(v, "insert");
        foreach (var v in new[] { "unplug", "remove", "take out", "pull out", "extract", "withdraw" }) Add(v, "remove");
        Add("open", "open");
        foreach (var v in new[] { "close", "shut" }) Add(v, "close");
        foreach (var v in new[] { "turn on", "switch on", "power on" }) Add(v, "turn_on");
        foreach (var v in new[] { "turn off", "switch off", "power off" }) Add(v, "turn_off");
        foreach (var v in new[] { "rotate", "turn", "spin", "twist" }) Add(v, "rotate");
        foreach (var v in new[] { "press", "hit", "tap", "depress" }) Add(v, "press");
        foreach (var v in new[] { "knock over", "knock down", "tip over", "push over", "topple", "tip" }) Add(v, "topple");
        foreach (var v in new[] { "create", "make", "generate", "spawn" }) Add(v, "create");
        Add("swing", "swing");
        Add("cross", "cross");
        return verbs.OrderByDescending(v => v.Item1.Length).ToList();
    }

    /// <summary>Intransitive verbs of a result clause ("so the output gear rotates 90 degrees").</summary>
    public static readonly IReadOnlyDictionary<string, string> ResultVerbs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["rotates"] = "rotate", ["rotate"] = "rotate", ["turns"] = "rotate", ["spins"] = "rotate", ["rotated"] = "rotate",
        ["falls"] = "topple", ["topples"] = "topple", ["opens"] = "open", ["closes"] = "close",
    };
}
