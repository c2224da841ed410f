using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Benchgen.Generation.Planning;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks.Parsing;

/// <summary>
/// One left-to-right reading of a prompt as a composed task: clauses (verb, objects, relation, modifiers) in prompt
/// order, noun phrases resolved to scene entities, every token that carried meaning marked as used.
/// </summary>
internal sealed partial class ComposedReading
{
    private static readonly HashSet<string> Punctuation = new(StringComparer.Ordinal) { ".", ",", ";", ":", "!", "?" };
    private static readonly HashSet<string> StepWords = new(StringComparer.Ordinal)
        { "and", "then", "finally", "first", "next", "afterwards", "after", "sequentially", "lastly" };
    private static readonly HashSet<string> Positions = new(StringComparer.Ordinal)
        { "top", "middle", "bottom", "upper", "lower", "left", "right", "front", "back", "input", "output" };
    private static readonly HashSet<string> ColourWords = new(StringComparer.Ordinal)
        { "colored", "coloured", "colors", "colours", "color", "colour", "ordering", "order", "ordered" };
    private static readonly HashSet<string> Receptacles = new(StringComparer.Ordinal)
        { "bowl", "mug", "box", "basket", "bin", "tray", "container", "caddy", "microwave" };

    private readonly string[] _t;
    private readonly bool[] _used;
    private int _pos;
    private readonly List<SceneEntity> _entities = [];
    private readonly List<Mention> _history = [];
    private Mention? _previousObject;
    private Clause? _lastClause;

    public List<ScenePredicate> Goal { get; } = [];
    public List<ScenePredicate> Initial { get; } = [];
    public List<ScenePredicate> Placements { get; } = [];
    public List<(string Arrangement, IReadOnlyList<SceneEntity> Objects)> Arrangements { get; } = [];
    public List<string> Problems { get; } = [];
    public List<string> PendingPicks { get; } = [];
    public List<string> VerbsSeen { get; } = [];
    public IReadOnlyList<SceneEntity> Entities => _entities;
    public IReadOnlyList<string> Tokens => _t;
    public bool WantsPreset { get; private set; }
    public bool BareStack { get; private set; }
    public int? Variants { get; private set; }
    public int? Tier { get; private set; }
    public string? FloorMaterial { get; private set; }
    public Dictionary<string, double[]> Ranges { get; } = new(StringComparer.Ordinal);
    public bool FulcrumVaries { get; private set; }

    public ComposedReading(string prompt)
    {
        var normalised = prompt.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        _t = TokenPattern().Matches(normalised).Select(m => m.Value).ToArray();
        _used = new bool[_t.Length];
    }

    public bool IsUsed(int index) => _used[index];
    public static bool IsPunctuation(string token) => Punctuation.Contains(token);

    public ComposedReading Read()
    {
        var scene = new List<Mention>();
        while (_pos < _t.Length)
        {
            var w = _t[_pos];
            if (Punctuation.Contains(w)) { _pos++; continue; }
            if (StepWords.Contains(w))
            {
                if (_pos + 1 < _t.Length && (VerbAt(_pos + 1) is not null || StepWords.Contains(_t[_pos + 1]))) Use(_pos);
                _pos++;
                continue;
            }
            if (w is "so" or "until")
            {
                Use(_pos++);
                if (_pos < _t.Length && _t[_pos] == "that") Use(_pos++);
                continue;
            }
            if (TryVariation() || TryTier()) continue;
            // A verb starts a clause; after an article it is a noun ("a stack of 3 blocks").
            if (VerbAt(_pos) is { } verb && !(_pos > 0 && _t[_pos - 1] is "a" or "an" or "the"))
            {
                ReadClause(verb);
                continue;
            }
            var start = _pos;
            if (ReadNounPhrase() is { } m)
            {
                if (_pos < _t.Length && Lexicon.ResultVerbs.TryGetValue(_t[_pos], out var result)) ReadResult(m, result);
                else if (_lastClause is { } gapped)
                {
                    // "put the bowl on the plate and the mug in the basket": the verb carries over.
                    if (start > 0 && _t[start - 1] == "and") Use(start - 1);
                    var clause = new Clause(gapped.Verb, gapped.Word);
                    clause.Objects.Add(m);
                    ReadModifiers(clause);
                    Apply(clause);
                }
                else scene.Add(m);
                continue;
            }
            if (_pos == start) _pos++;
        }
        if (VerbsSeen.Count == 0 && Goal.Count == 0)
        {
            var free = scene.SelectMany(m => m.Entities).FirstOrDefault(e => e.Free);
            if (free is not null) Goal.Add(new("at", [new(free), SceneArg.Goal]));
            else if (scene.Any(m => m.Entities.Count > 0))
                Problems.Add($"no task: a {scene.SelectMany(m => m.Entities).First().Kind.Replace('_', ' ')} alone has no goal — " +
                             "name what to do (e.g. turn the input gear so the output gear rotates 90 degrees)");
        }
        if (Goal.Count == 0 && PendingPicks.Count > 0)
            Problems.Add($"'{PendingPicks[0]}' alone has no goal that survives release: say where it goes (e.g. put it on the plate, lift the lid off the box)");
        return this;
    }

    // ---- words -------------------------------------------------------------------------------------------------

    private void Use(int index) => _used[index] = true;

    private string? At(int index) => index < _t.Length ? _t[index] : null;

    private static int? Number(string word)
    {
        if (!PromptText.IsNumber(word)) return null;
        return PromptText.From(word).FindCount();
    }

    private static string? Colour(string word) => word.All(char.IsLetter) ? PromptText.From(word).FindColour()?.Name : null;

    private static string? Size(string word) => word.All(char.IsLetter) ? PromptText.From(word).FindSize()?.ToString().ToLowerInvariant() : null;

    private static string? Material(string word) => word.All(char.IsLetter) ? PromptText.From(word).FindMaterial()?.Name : null;

    public static bool IsGeneralWord(string word) =>
        PromptText.IsNumber(word) || Colour(word) is not null || Size(word) is not null || Material(word) is not null;

    private (string Verb, int Length)? VerbAt(int index)
    {
        foreach (var (words, verb) in Lexicon.Verbs)
        {
            if (index + words.Length > _t.Length) continue;
            var match = true;
            for (var k = 0; k < words.Length && match; k++) match = _t[index + k] == words[k];
            if (match) return (verb, words.Length);
        }
        return null;
    }

    private (string Relation, int Length)? RelationAt(int index)
    {
        foreach (var (words, relation) in Lexicon.Relations.OrderByDescending(r => r.Words.Length))
        {
            if (index + words.Length > _t.Length) continue;
            var match = true;
            for (var k = 0; k < words.Length && match; k++) match = _t[index + k] == words[k];
            if (match) return (relation, words.Length);
        }
        return null;
    }

    /// <summary>The longest lexicon noun at index: (singular noun, tokens, plural).</summary>
    private (string Noun, int Length, bool Plural)? NounAt(int index)
    {
        if (index < _t.Length && _t[index] is "goal" or "target" or "floor" or "ground") return (_t[index], 1, false);
        for (var length = Math.Min(3, _t.Length - index); length >= 1; length--)
        {
            var phrase = string.Join(' ', _t.Skip(index).Take(length));
            if (Lexicon.Nouns.ContainsKey(phrase) || Lexicon.PartNouns.ContainsKey(phrase)) return (phrase, length, false);
            if (Lexicon.Plurals.TryGetValue(phrase, out var singular)) return (singular, length, true);
        }
        return null;
    }

    // ---- variation and tier --------------------------------------------------------------------------------------

    private bool TryVariation()
    {
        // "10 variations of …", "5 variants of …"
        if (Number(_t[_pos]) is { } n && At(_pos + 1) is "variations" or "variation" or "variants" or "variant" or "versions")
        {
            Use(_pos); Use(_pos + 1);
            Variants = n;
            _pos += 2;
            return true;
        }
        // "with variable fulcrum", "where the fulcrum position varies", "varying fulcrum", "movable fulcrum"
        if (_t[_pos] is "variable" or "varying" or "movable" or "moveable" or "adjustable" && At(_pos + 1) == "fulcrum")
        {
            Use(_pos); Use(_pos + 1);
            if (At(_pos + 2) == "position") Use(_pos + 2);
            FulcrumVaries = true;
            _pos += 2;
            return true;
        }
        var f = _t[_pos] == "the" && At(_pos + 1) == "fulcrum" ? _pos + 1 : _pos;
        if (_t[f] == "fulcrum")
        {
            var end = f + 1;
            if (At(end) == "position") end++;
            if (At(end) is "varies" or "vary" or "varied" or "changes")
            {
                for (var k = f; k <= end; k++) Use(k);
                FulcrumVaries = true;
                _pos = end + 1;
                return true;
            }
        }
        return false;
    }

    private bool TryTier()
    {
        if (_t[_pos] == "tier" && At(_pos + 1) is { } v && Number(v) is >= 1 and <= 3)
        {
            Use(_pos); Use(_pos + 1);
            Tier = Number(v);
            _pos += 2;
            return true;
        }
        if (_t[_pos] is "kinematic" or "kinematics") { Use(_pos++); Tier = 2; return true; }
        if (_t[_pos] is "mechanism" or "mechanisms" or "integrated") { Use(_pos++); Tier = 3; return true; }
        return false;
    }

    // ---- noun phrases --------------------------------------------------------------------------------------------

    /// <summary>A noun phrase at the cursor, resolved to entities; null (cursor unchanged) when there is none.</summary>
    private Mention? ReadNounPhrase()
    {
        var p = _pos;
        if (p >= _t.Length) return null;
        if (_t[p] is "it" or "them")
        {
            Use(p);
            _pos = p + 1;
            return new Mention([]) { Pronoun = true, Before = _history.Count };
        }
        var used = new List<int>();
        int? count = null;
        bool definite = false, every = false, other = false, another = false, meshing = false;
        string? ordinal = null;
        int? ofCount = null;
        // Determiners and quantities.
        while (p < _t.Length)
        {
            var w = _t[p];
            if (w == "the") { definite = true; p++; continue; }
            if (w is "a" or "an") { count = 1; p++; continue; }
            if (w is "both") { count = 2; every = true; used.Add(p++); if (At(p) == "of") p++; continue; }
            if (w is "all" or "each" or "every") { every = true; used.Add(p++); if (At(p) == "of") p++; continue; }
            if (w is "another") { another = true; count = 1; used.Add(p++); continue; }
            if (w is "other") { other = true; used.Add(p++); continue; }
            if (w == "pair" && At(p + 1) == "of") { count = 2; used.Add(p); p += 2; continue; }
            if (w is "first" or "second" or "third" or "last")
            {
                ordinal = w;
                used.Add(p++);
                if (At(p) == "of" && At(p + 1) is { } n && Number(n) is { } ofTotal)
                {
                    ofCount = ofTotal;
                    used.Add(p + 1);
                    p += 2;
                }
                else if (At(p) == "of") p++;
                continue;
            }
            if (Number(w) is { } number && At(p + 1) is not ("degrees" or "degree" or "variations" or "variants"))
            {
                if (w == "one" && At(p + 1) == "of") { p += 2; continue; }
                count = number;
                used.Add(p++);
                continue;
            }
            break;
        }
        // Adjectives.
        string? colour = null, size = null, material = null, tag = null, pattern = null;
        var alternating = new List<string>();
        (string Noun, int Length, bool Plural)? head = null;
        while (p < _t.Length)
        {
            var w = _t[p];
            if (NounAt(p) is { } noun && !(Positions.Contains(w) && p + 1 < _t.Length && NounAt(p + 1) is not null))
            {
                head = noun;
                break;
            }
            if (Colour(w) is { } c) { colour = c; used.Add(p++); if (At(p) is "colored" or "coloured") used.Add(p++); continue; }
            if (Size(w) is { } s) { size = s; used.Add(p++); continue; }
            if (Material(w) is { } m) { material = m; used.Add(p++); continue; }
            if (Positions.Contains(w)) { tag = w == "upper" ? "top" : w == "lower" ? "bottom" : w; used.Add(p++); continue; }
            if (w is "empty") { used.Add(p++); continue; }
            if (w is "meshing" or "meshed" or "interlocking") { meshing = true; used.Add(p++); continue; }
            if (w is "lidded") { used.Add(p++); pattern ??= "lidded"; continue; }
            if (w is "rainbow")
            {
                pattern = "rainbow";
                used.Add(p++);
                while (At(p) is { } cw && (ColourWords.Contains(cw) || cw == "-")) used.Add(p++);
                continue;
            }
            if (w is "alternating" or "alternate" && At(p + 1) is { } c1 && Colour(c1) is { } a && At(p + 2) == "and" &&
                At(p + 3) is { } c2 && Colour(c2) is { } b)
            {
                alternating.AddRange([a, b]);
                used.AddRange([p, p + 1, p + 2, p + 3]);
                p += 4;
                if (At(p) is "colored" or "coloured") used.Add(p++);
                continue;
            }
            break;
        }
        if (head is null && p < _t.Length && _t[p] is "tower" or "stack" or "pile" or "row" or "line" or "pyramid" && At(p + 1) == "of")
        {
            var shape = _t[p] switch { "tower" or "stack" or "pile" => "tower", "pyramid" => "pyramid", _ => "row" };
            foreach (var i in used) Use(i);
            Use(p);
            var save = _pos;
            _pos = p + 2;
            if (ReadNounPhrase() is { Entities.Count: > 1 } members) return members with { Arrangement = shape };
            _pos = save;
            return null;
        }
        if (head is null)
        {
            var consumed = p > _pos;
            if (consumed && p < _t.Length && !Punctuation.Contains(_t[p]) && VerbAt(p) is null && RelationAt(p) is null &&
                !Lexicon.Fillers.Contains(_t[p]))
            {
                foreach (var i in used) Use(i);
                _pos = p + 1;
                return new Mention([]) { UnknownWord = _t[p] };
            }
            return null;
        }
        var (headNoun, length, plural) = head.Value;
        for (var k = 0; k < length; k++) used.Add(p + k);
        p += length;

        // The goal zone and the floor are places, not objects.
        if (headNoun == "goal" || headNoun == "target")
        {
            if (At(p) is "zone" or "area" or "region") used.Add(p++);
            Commit(used, p);
            return new Mention([], Special: "goal");
        }
        if (headNoun is "floor" or "ground")
        {
            Commit(used, p);
            return new Mention([], Special: "floor") { FloorMaterial = material };
        }

        // Parts: "the middle drawer of the cabinet", "the lid", "the door of the microwave", "the knob of the stove".
        (string Kind, string Part)? partOf = Lexicon.PartNouns.TryGetValue(headNoun, out var known) ? known
            : headNoun is "door" or "knob" && At(p) == "of" && At(p + 1) == "the" && NounAt(p + 2) is { Noun: "microwave" or "stove" } owning
                ? (owning.Noun, headNoun)
                : null;
        if (partOf is null && definite && headNoun is "door" or "knob" && !_entities.Any(e => e.Kind == headNoun) &&
            _entities.LastOrDefault(e => e.Kind == (headNoun == "door" ? "microwave" : "stove")) is { } fixture)
            partOf = (fixture.Kind, headNoun);
        if (partOf is { } part)
        {
            var (ownerKind, partName) = part;
            Commit(used, p);
            SceneEntity? owner = null;
            if (At(_pos) == "of")
            {
                var save = _pos;
                _pos++;
                if (ReadNounPhrase() is { Entities: [var e] } && e.Kind == ownerKind) owner = e;
                else _pos = save;
            }
            if (ownerKind == "cabinet" && At(_pos) == "with" && At(_pos + 1) is { } dn && Number(dn) is { } drawers && At(_pos + 2) is "drawers")
            {
                Use(_pos + 1); Use(_pos + 2);
                _pos += 3;
                owner ??= FindOrCreate(ownerKind);
                owner.Drawers = drawers;
            }
            if (ownerKind == "box" && owner is null)
                return Remember(new Mention([], partName) { PendingOwnerKind = ownerKind });
            owner ??= FindOrCreate(ownerKind);
            owner.Colour ??= colour;
            owner.Material ??= material;
            owner.Size ??= size;
            if (ownerKind == "cabinet")
            {
                // "the second drawer": drawers count from the top.
                tag ??= ordinal switch { "first" => "top", "second" => "middle", "third" or "last" => "bottom", _ => null };
                if (tag is "top" or "middle" or "bottom") owner.DrawerPositions.Add(tag);
                return Remember(new Mention([owner], "drawer@" + (tag is "top" or "middle" or "bottom" ? tag : "")));
            }
            if (ownerKind == "box") owner.Lidded = true;
            return Remember(new Mention([owner], partName));
        }
        // Compound "microwave door", "stove knob".
        if (Lexicon.Nouns[headNoun].Kind is "microwave" or "stove" && At(p) is "door" or "knob")
        {
            used.Add(p++);
        }

        var entry = Lexicon.Nouns[headNoun];
        // "the ketchup bottle", "the soda can": the second noun names the proxy's own kind.
        if (entry.Proxy && NounAt(p) is { Plural: false } container && Lexicon.Nouns.GetValueOrDefault(container.Noun)?.Kind == entry.Kind &&
            !Lexicon.Nouns[container.Noun].Proxy)
        {
            for (var k = 0; k < container.Length; k++) used.Add(p + k);
            p += container.Length;
        }
        // "with 2 drawers", "with a lid"
        int? withDrawers = null;
        var lidded = pattern == "lidded";
        if (At(p) == "with")
        {
            if (At(p + 1) is { } dn && Number(dn) is { } d && At(p + 2) is "drawers" or "drawer") { withDrawers = d; used.AddRange([p + 1, p + 2]); p += 3; }
            else if (At(p + 1) is "a" && At(p + 2) == "lid") { lidded = true; used.Add(p + 2); p += 3; }
        }
        Commit(used, p);

        var candidates = _entities.Where(e => Same(e, entry) && (colour is null || e.Colour == colour)).ToList();
        IReadOnlyList<SceneEntity> named;
        if (ofCount is { } total)
        {
            var group = Create(entry, total, colour, size, material, pattern, alternating, meshing);
            named = [ordinal == "last" ? group[^1] : ordinal == "second" && group.Count > 1 ? group[1] : ordinal == "third" && group.Count > 2 ? group[2] : group[0]];
        }
        else if (another)
        {
            named = Create(entry, 1, colour, size, material, pattern, alternating, meshing);
        }
        else if (definite && count is null && !every && !plural)
        {
            var pick = Pick(candidates, tag, other, ordinal);
            named = pick is null ? Create(entry, 1, colour, size, material, pattern, alternating, meshing) : [pick];
        }
        else if ((definite || every) && count is null && candidates.Count > 0)
        {
            named = candidates;
        }
        else
        {
            named = Create(entry, count ?? (plural ? 2 : 1), colour, size, material, pattern, alternating, meshing);
        }
        if (meshing && !(entry.Kind == "gear" && named.All(e => e.Group is { Count: > 1 })))
            Problems.Add("'meshing' needs two or more gears named together (e.g. two meshing gears)");
        foreach (var e in named)
        {
            if (tag is not null && e.Tag is null)
            {
                e.Tag = tag;
                e.Label = $"{(e.Colour is null ? "" : e.Colour + " ")}{tag} {entry.Noun}";
            }
            if (withDrawers is { } wd) e.Drawers = wd;
            if (lidded) e.Lidded = true;
        }
        return Remember(new Mention(named));
    }

    private Mention Remember(Mention mention)
    {
        _history.Add(mention);
        return mention;
    }

    private void Commit(List<int> used, int end)
    {
        foreach (var i in used) Use(i);
        _pos = end;
    }

    private static bool Same(SceneEntity e, LexiconNoun noun) =>
        e.Noun.Noun == noun.Noun || !e.Noun.Proxy && !noun.Proxy && e.Kind == noun.Kind;

    private SceneEntity? Pick(List<SceneEntity> candidates, string? tag, bool other, string? ordinal)
    {
        if (candidates.Count == 0) return null;
        if (tag is not null)
        {
            if (candidates.FirstOrDefault(e => e.Tag == tag) is { } tagged) return tagged;
            if (candidates.FirstOrDefault(e => e.Tag is null && e.Group is { Count: > 1 }) is { } untagged) return untagged;
            return null;
        }
        if (ordinal is "first") return candidates[0];
        if (ordinal is "second" && candidates.Count > 1) return candidates[1];
        if (ordinal is "last") return candidates[^1];
        if (other)
        {
            var last = _history.LastOrDefault(m => m.Entities.Any(candidates.Contains))?.Entities.FirstOrDefault(candidates.Contains);
            return candidates.FirstOrDefault(e => e != last);
        }
        return candidates[^1];
    }

    private SceneEntity FindOrCreate(string kind) =>
        _entities.LastOrDefault(e => e.Kind == kind) ?? Create(Lexicon.Nouns[kind.Replace('_', ' ')], 1, null, null, null, null, [], false)[0];

    private List<SceneEntity> Create(LexiconNoun noun, int count, string? colour, string? size, string? material, string? pattern,
        List<string> alternating, bool meshing)
    {
        var group = new List<SceneEntity>();
        for (var i = 0; i < Math.Max(1, count); i++)
        {
            var c = pattern == "rainbow" ? Lexicon.Rainbow[i % Lexicon.Rainbow.Count]
                : alternating.Count > 0 ? alternating[i % alternating.Count] : colour;
            var e = new SceneEntity(noun, _entities.Count)
            {
                Colour = c, Size = size ?? noun.Size, Material = material, Meshing = meshing,
                Label = (colour is not null ? colour + " " : "") + noun.Noun,
                Lidded = pattern == "lidded",
            };
            _entities.Add(e);
            group.Add(e);
        }
        if (group.Count > 1) foreach (var e in group) e.Group = group;
        return group;
    }

    // ---- clauses -------------------------------------------------------------------------------------------------

    private sealed class Clause(string verb, string word)
    {
        public string Verb { get; set; } = verb;
        public string Word { get; set; } = word;
        public List<Mention> Objects { get; } = [];
        public string? Relation { get; set; }
        public Mention? Target { get; set; }
        public Mention? Target2 { get; set; }
        public List<(string Relation, Mention Target, Mention? Target2)> MoreRelations { get; } = [];
        public bool Matching { get; set; }
        public bool GoalZone { get; set; }
        public Mention? Off { get; set; }
        public Mention? Source { get; set; }
        public bool Out { get; set; }
        public double? Degrees { get; set; }
        public bool Sideways { get; set; }
        public bool FromTop { get; set; }
        public bool Over { get; set; }
        public string? Switch { get; set; }
        public string? Arrangement { get; set; }
        public int[]? Layers { get; set; }
        public bool Rainbow { get; set; }
        public bool ResultFollows { get; set; }
    }

    private void ReadClause((string Verb, int Length) verb)
    {
        var word = string.Join(' ', _t.Skip(_pos).Take(verb.Length));
        for (var k = 0; k < verb.Length; k++) Use(_pos + k);
        _pos += verb.Length;
        var clause = new Clause(verb.Verb, word);
        // "pick and place", "push and close": the first verb is the manner, the last says the goal.
        while (At(_pos) == "and" && VerbAt(_pos + 1) is { } next && _pos + 1 + next.Length < _t.Length &&
               (VerbAt(_pos + 1 + next.Length) is null && !Punctuation.Contains(_t[_pos + 1 + next.Length]) && _t[_pos + 1 + next.Length] != "it"))
        {
            Use(_pos);
            for (var k = 0; k < next.Length; k++) Use(_pos + 1 + k);
            clause.Verb = next.Verb;
            clause.Word = string.Join(' ', _t.Skip(_pos + 1).Take(next.Length));
            _pos += 1 + next.Length;
        }
        VerbsSeen.Add(clause.Verb);
        _lastClause = clause;
        ReadObjects(clause.Objects);
        if (clause.Objects.FirstOrDefault(o => o.Arrangement is not null) is { } arranged) clause.Arrangement = arranged.Arrangement;
        ReadModifiers(clause);
        Apply(clause);
    }

    private void ReadObjects(List<Mention> objects)
    {
        if (At(_pos) == "both")
        {
            var end = _pos + 1;
            while (end < _t.Length && _t[end] != "and" && RelationAt(end) is null && !Punctuation.Contains(_t[end])) end++;
            if (At(end) == "and") Use(_pos++);
        }
        if (ReadNounPhrase() is not { } first) return;
        objects.Add(first);
        while (At(_pos) is "and" or "," && At(_pos + 1) is { } next && VerbAt(_pos + 1) is null && !StepWords.Contains(next) && next is not ("so" or "it"))
        {
            var save = _pos;
            _pos++;
            if (ReadNounPhrase() is { } more)
            {
                if (_t[save] == "and") Use(save);
                objects.Add(more);
            }
            else
            {
                _pos = save;
                break;
            }
        }
    }

    private void ReadModifiers(Clause c)
    {
        while (_pos < _t.Length)
        {
            var w = _t[_pos];
            if (Punctuation.Contains(w) || w is "then" or "finally" or "and" or "until") break;
            if (w == "so")
            {
                c.ResultFollows = true;
                break;
            }
            if (VerbAt(_pos) is not null && !(c.Verb is "rotate" && w is "on" or "off")) break;
            if (w is "up" or "down") { _pos++; continue; }
            if (w == "over" && c.Verb is "push" or "topple" or "pick") { Use(_pos++); c.Over = true; continue; }
            if (w is "on" or "off" && c.Verb is "rotate" && (At(_pos + 1) is null || Punctuation.Contains(_t[_pos + 1]) || At(_pos + 1) is "and" or "then"))
            {
                Use(_pos++);
                c.Switch = w;
                continue;
            }
            if (w is "sideways" or "sidewise" or "laterally") { Use(_pos++); c.Sideways = true; continue; }
            if (w is "downward" or "downwards" or "vertically") { Use(_pos++); c.FromTop = true; continue; }
            if (w == "from")
            {
                if (At(_pos + 1) is "above" or "top") { Use(_pos + 1); _pos += 2; c.FromTop = true; continue; }
                if (At(_pos + 1) == "the" && At(_pos + 2) is "top" or "side" && (At(_pos + 3) is null || Punctuation.Contains(_t[_pos + 3]) || VerbAt(_pos + 3) is not null || _t[_pos + 3] is "and"))
                {
                    Use(_pos + 2);
                    if (_t[_pos + 2] == "top") c.FromTop = true; else c.Sideways = true;
                    _pos += 3;
                    continue;
                }
                if (At(_pos + 1) == "side") { Use(_pos + 1); _pos += 2; c.Sideways = true; continue; }
                _pos++;
                if (ReadNounPhrase() is { } source) c.Source = source;
                continue;
            }
            if (w == "off")
            {
                Use(_pos++);
                if (ReadNounPhrase() is { } surface) c.Off = surface;
                continue;
            }
            if (w == "out" && At(_pos + 1) == "of")
            {
                Use(_pos); Use(_pos + 1);
                _pos += 2;
                c.Out = true;
                if (ReadNounPhrase() is { } source) c.Source = source;
                continue;
            }
            if (w == "by" && At(_pos + 1) is { } byNumber && Number(byNumber) is not null) { _pos++; continue; }
            if (Number(w) is { } deg && At(_pos + 1) is "degrees" or "degree" or "deg" or "°")
            {
                Use(_pos); Use(_pos + 1);
                c.Degrees = deg;
                _pos += 2;
                continue;
            }
            if (w is "sequentially" or "sequential") { Use(_pos++); continue; }
            if (w == "matching" || w == "of" && At(_pos + 1) == "matching")
            {
                if (w == "of") _pos++;
                Use(_pos++);
                c.Matching = true;
                while (At(_pos) is { } cw && ColourWords.Contains(cw)) Use(_pos++);
                continue;
            }
            if (w is "rainbow")
            {
                Use(_pos++);
                c.Rainbow = true;
                while (At(_pos) is { } cw && ColourWords.Contains(cw)) Use(_pos++);
                continue;
            }
            if (TryArrangement(c)) continue;
            if (w == "to" && RelationAt(_pos) is null)
            {
                var save = _pos;
                _pos++;
                if (ReadNounPhrase() is { Special: "goal" }) { c.GoalZone = true; continue; }
                _pos = save;
                _pos++;
                continue;
            }
            if (RelationAt(_pos) is { } relation)
            {
                var save = _pos;
                var words = Enumerable.Range(_pos, relation.Length).ToArray();
                _pos += relation.Length;
                var target = ReadNounPhrase();
                if (target is null && relation.Relation == "in" && _t[save] is "inside" or "in" or "there")
                {
                    foreach (var i in words) Use(i);
                    c.Relation = "in";
                    c.Target = _history.LastOrDefault(m => m.Part?.StartsWith("drawer", StringComparison.Ordinal) == true ||
                                                           m.Entities.Count == 1 && (Receptacles.Contains(m.Entities[0].Kind)) && !c.Objects.Contains(m));
                    if (c.Target is null) Problems.Add("'inside' names no receptacle mentioned before");
                    continue;
                }
                if (target is null) { _pos = save + relation.Length; continue; }
                foreach (var i in words) if (_t[i] is not ("the" or "to" or "of")) Use(i);
                if (target.Special == "goal") { c.GoalZone = true; continue; }
                if (target.Special == "floor" && target.FloorMaterial is { } floorMaterial)
                {
                    FloorMaterial = floorMaterial;
                    if (c.Relation is not null) continue;
                }
                if (relation.Relation == "between")
                {
                    if (At(_pos) == "and")
                    {
                        var andAt = _pos++;
                        if (ReadNounPhrase() is { } second) { Use(andAt); c.Target2 = second; }
                    }
                    else if (target.Entities.Count == 2)
                    {
                        c.Target2 = new Mention([target.Entities[1]]);
                        target = new Mention([target.Entities[0]]);
                    }
                }
                if (c.Relation is null || c.Target is null)
                {
                    c.Relation = relation.Relation;
                    c.Target = target;
                }
                else
                {
                    c.MoreRelations.Add((relation.Relation, target, c.Target2));
                    c.Target2 = null;
                }
                continue;
            }
            _pos++;
        }
    }

    private bool TryArrangement(Clause c)
    {
        var w = _t[_pos];
        if (w is not ("in" or "into" or "as")) return false;
        var p = _pos + 1;
        if (At(p) is "a" or "an" or "the") p++;
        var shape = At(p) switch
        {
            "pyramid" or "triangle" => "pyramid",
            "row" or "line" => "row",
            "tower" or "stack" or "column" => "tower",
            _ => null,
        };
        if (shape is null) return false;
        Use(_pos); Use(p);
        c.Arrangement = shape;
        _pos = p + 1;
        if (At(_pos) == "of" && At(_pos + 1) is { } layers && LayersPattern().IsMatch(layers))
        {
            Use(_pos + 1);
            c.Layers = layers.Split('-').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            _pos += 2;
        }
        return true;
    }

    private void ReadResult(Mention subject, string verb)
    {
        Use(_pos++);
        VerbsSeen.Add(verb);
        if (verb == "rotate")
        {
            if (At(_pos) == "by") _pos++;
            if (At(_pos) is { } n && Number(n) is { } deg && At(_pos + 1) is "degrees" or "degree")
            {
                Use(_pos); Use(_pos + 1);
                _pos += 2;
                foreach (var arg in Args(subject, verb)) Goal.Add(new("rotated", [PartArg(arg, PartMeasure.Angle)], deg));
            }
            else Problems.Add("'rotates' needs an angle (e.g. rotates 90 degrees)");
            return;
        }
        var clause = new Clause(verb, verb);
        clause.Objects.Add(subject);
        Apply(clause);
    }

    // ---- meaning -------------------------------------------------------------------------------------------------

    private static bool Compatible(SceneEntity e, string? part, string verb) => verb switch
    {
        "open" or "close" => part is not null && part != "lid" || e.Kind is "cabinet" or "microwave" or "window" or "door",
        "turn_on" or "turn_off" => e.Kind is "stove" or "knob" or "faucet",
        "press" => e.Kind is "button",
        "rotate" => e.Kind is "dial" or "knob" or "gear" or "crank" or "stove" or "lever",
        "target" => true,
        "target_in" => part?.StartsWith("drawer", StringComparison.Ordinal) == true || AssetLibrary.Find(e.Kind)?.HasCavity == true,
        _ => e.Free || part == "lid",
    };

    private IReadOnlyList<SceneArg> Args(Mention m, string verb, IReadOnlyCollection<SceneArg>? besides = null)
    {
        if (m.Pronoun)
        {
            bool Fits(Mention h) => Resolved(h) is { Count: > 0 } args &&
                                    args.All(a => a.Entity is not null && Compatible(a.Entity, a.Part, verb) && !(besides?.Contains(a) ?? false));
            // Only what was mentioned before the pronoun ("put it on the plate" names nothing).
            var found = _previousObject is { } prev && Fits(prev) ? prev : _history.Take(m.Before).LastOrDefault(h => !h.Pronoun && Fits(h));
            if (found is null)
            {
                Problems.Add("'it' names nothing mentioned before");
                return [];
            }
            return Resolved(found);
        }
        return Resolved(m);
    }

    private static IReadOnlyList<SceneArg> Resolved(Mention m)
    {
        if (m.Special == "goal") return [SceneArg.Goal];
        if (m.Special == "floor") return [SceneArg.Floor];
        return m.Entities.Select(e => new SceneArg(e, m.Part)).ToArray();
    }

    private SceneArg? One(Mention? m, string verb, IReadOnlyCollection<SceneArg>? besides = null)
    {
        if (m is null) return null;
        var args = Args(m, verb, besides);
        return args.Count > 0 ? args[0] : null;
    }

    private static SceneArg PartArg(SceneArg arg, PartMeasure measure)
    {
        if (arg.Part is not null || arg.Entity is null) return arg;
        if (arg.Entity.Kind == "cabinet") return arg with { Part = "drawer@" };
        var part = AssetLibrary.Find(arg.Entity.Kind)?.PartsFor(new Dictionary<string, string>()).FirstOrDefault(p => p.Measure == measure || measure == PartMeasure.Angle && p.Measure != PartMeasure.Free);
        return part is null ? arg : arg with { Part = part.Name };
    }

    private void Apply(Clause c)
    {
        // "the lid … off the box": the lid belongs to the box it comes off (or the last box, or a new one).
        foreach (var (m, i) in c.Objects.Select((m, i) => (m, i)).ToArray())
            if (m.PendingOwnerKind is { } ownerKind)
            {
                var owner = new[] { c.Off, c.Source, c.Target }.Select(x => x?.Entities.FirstOrDefault()).FirstOrDefault(e => e?.Kind == ownerKind)
                            ?? FindOrCreate(ownerKind);
                if (ownerKind == "box") owner.Lidded = true;
                c.Objects[i] = m with { Entities = [owner], PendingOwnerKind = null };
                if (_history.IndexOf(m) is var at and >= 0) _history[at] = c.Objects[i];
            }
        var verb = c.Verb;
        var objects = c.Objects.SelectMany(m => m.UnknownWord is null ? Args(m, verb) : []).ToList();
        // "… and put the plate on it": the pronoun names something other than the clause's own object.
        var target = One(c.Target, c.Target?.Pronoun == true ? (c.Relation == "in" ? "target_in" : "target") : verb, objects);
        if (objects.FirstOrDefault(a => a.Entity is not null) is { } firstObject)
            _previousObject = new Mention(objects.Where(a => a.Entity is not null).Select(a => a.Entity!).ToArray(), firstObject.Part);
        if (c.Objects.Any(m => m.UnknownWord is not null)) return;
        if (verb is "push" && objects.Any(a => a.Entity?.Kind == "button")) verb = "press";
        if (verb is "push" or "pick" && c.Over) verb = "topple";
        if (verb is "pick" && c.Out) verb = "remove";
        if (verb is "rotate" && c.Switch is { } sw) verb = sw == "on" ? "turn_on" : "turn_off";
        if (verb is "create" && c.Arrangement is not null) verb = "arrange";
        if (verb is "build" or "stack" && c.Relation is null && c.Arrangement is null && objects.Count == 1 && objects[0].Entity?.Group is null) verb = "create";
        if (verb is "swing" or "cross") { WantsPreset = true; return; }
        if (objects.Count == 0)
        {
            Problems.Add($"'{c.Word}' names no object it acts on");
            return;
        }
        switch (verb)
        {
            case "place" or "move" or "push" or "pick" or "lift":
            {
                var any = false;
                foreach (var o in objects)
                {
                    if (c.Source is not null && One(c.Source, verb) is { Entity: not null } src)
                        Initial.Add(new(HasCavity(src) ? "in" : "on", [o, src]));
                    if (c.Off is not null && One(c.Off, verb) is { } surface)
                    {
                        Initial.Add(new("on", [o, surface]));
                        Goal.Add(new("off", [o, surface]));
                        any = true;
                    }
                    if (c.Relation is not null && target is not null && !c.Matching)
                    {
                        if (target.Special == "floor" && c.Relation == "on")
                            Problems.Add("'on the floor': objects start on the floor, so the goal would start solved — name a receptacle or a surface");
                        else
                            Goal.Add(c.Relation == "between" && One(c.Target2, verb) is { } second
                                ? new("between", [o, target, second])
                                : new(c.Relation, [o, target]));
                        any = true;
                    }
                    foreach (var (moreRelation, moreTarget, _) in c.MoreRelations)
                        if (One(moreTarget, verb) is { } more)
                        {
                            Goal.Add(new(moreRelation, [o, more]));
                            any = true;
                        }
                    if (c.GoalZone) { Goal.Add(new("at", [o, SceneArg.Goal])); any = true; }
                }
                if (c.Arrangement is not null) { any = true; Arrange(c, objects, target); }
                if (c.Matching && c.Relation is not null && c.Target is not null)
                {
                    // "… in the bowls of matching colours": object i goes to receptacle i, each pair one colour.
                    var receptacles = Args(c.Target, verb).Where(a => a.Entity is not null).ToArray();
                    if (receptacles.Length < 2 || receptacles.Length != objects.Count)
                        Problems.Add($"'matching colours' pairs as many objects as targets ({objects.Count} and {receptacles.Length})");
                    else
                        for (var i = 0; i < objects.Count; i++)
                        {
                            var colour = objects[i].Entity!.Colour ?? receptacles[i].Entity!.Colour ?? Palette[i % Palette.Length];
                            objects[i].Entity!.Colour = receptacles[i].Entity!.Colour = colour;
                            Goal.Add(new(c.Relation, [objects[i], receptacles[i]]));
                        }
                    any = true;
                }
                if (!any)
                {
                    if (verb is "pick" or "lift") PendingPicks.Add(c.Word);
                    else Problems.Add($"'{c.Word}' names no destination (say in/on/under/next to …, or to a goal)");
                }
                break;
            }
            case "stack" or "build":
                if (c.Arrangement is "pyramid" or "row") { Arrange(c, objects, target); break; }
                if (c.Relation is not null and not "on" || c.GoalZone) { Problems.Add($"'{c.Word}' stacks on something, not {c.Relation}"); break; }
                if (objects.Count == 1)
                {
                    if (target is null) { Problems.Add($"'{c.Word}' needs two or more objects or something to stack on"); break; }
                    Goal.Add(new("on", [objects[0], target]));
                    break;
                }
                if (target is not null) Goal.Add(new("on", [objects[0], target]));
                else if (objects.Select(o => o.Entity?.Colour).Distinct().Count() <= 1) BareStack = true;
                Goal.Add(new("stacked", objects));
                break;
            case "arrange":
                if (c.Arrangement is null) { Problems.Add($"'{c.Word}' needs a shape (in a row, into a pyramid, into a tower)"); break; }
                Arrange(c, objects, target);
                break;
            case "insert":
            {
                var socket = target ?? new SceneArg(FindOrCreate("socket"));
                if (c.Sideways && socket.Entity is { Kind: "socket" } s) s.TextParams["orientation"] = "side";
                foreach (var o in objects) Goal.Add(new("inserted", [o, socket]));
                break;
            }
            case "remove":
            {
                var source = One(c.Source, verb) ?? (c.Relation is "in" ? target : null);
                if (source is null && objects.All(o => o.Entity?.Kind is "peg")) source = new SceneArg(FindOrCreate("socket"));
                if (source is null) { Problems.Add($"'{c.Word}' needs what to take it out of (from/out of …)"); break; }
                if (c.Sideways && source.Entity is { Kind: "socket" } s) s.TextParams["orientation"] = "side";
                foreach (var o in objects)
                {
                    if (o.Part == "lid")
                    {
                        // A lid comes off its box rather than out of it.
                        Initial.Add(new("on", [o, source]));
                        Goal.Add(new("off", [o, source]));
                        continue;
                    }
                    Initial.Add(new(source.Entity?.Kind == "socket" ? "inserted" : "in", [o, source]));
                    Goal.Add(new("out_of", [o, source]));
                }
                break;
            }
            case "open" or "close" or "turn_on" or "turn_off":
            {
                var (goal, start, measure) = verb switch
                {
                    "open" => ("open", "closed", PartMeasure.OpenClosed),
                    "close" => ("closed", "open", PartMeasure.OpenClosed),
                    "turn_on" => ("turned_on", "turned_off", PartMeasure.OnOff),
                    _ => ("turned_off", "turned_on", PartMeasure.OnOff),
                };
                foreach (var o in objects)
                {
                    if (o.Entity is null || !HasPart(o.Entity, measure))
                    {
                        Problems.Add($"'{c.Word}': a {o.Entity?.Kind ?? "place"} has nothing to {c.Word.Replace('_', ' ')}");
                        continue;
                    }
                    var part = PartArg(o, measure);
                    Initial.Add(new(start, [part]));
                    Goal.Add(new(goal, [part]));
                }
                break;
            }
            case "rotate":
                if (c.Degrees is { } degrees)
                {
                    foreach (var o in objects) Goal.Add(new("rotated", [PartArg(o, PartMeasure.Angle)], degrees));
                }
                else if (!c.ResultFollows) Problems.Add($"'{c.Word}' needs an angle (e.g. {c.Word} the dial 90 degrees)");
                break;
            case "press":
                foreach (var o in objects)
                {
                    if (o.Entity?.Kind != "button") { Problems.Add($"'{c.Word}': a {o.Entity?.Kind} is not a button"); continue; }
                    if (c.FromTop) o.Entity.TextParams["direction"] = "top";
                    if (c.Sideways) o.Entity.TextParams["direction"] = "side";
                    Goal.Add(new("pressed", [PartArg(o, PartMeasure.Pressed)]));
                }
                break;
            case "topple":
                foreach (var o in objects)
                {
                    if (o.Entity is null) continue;
                    if (o.Entity.Group is { Count: > 1 } row && o.Entity.Kind == "domino" && !Arrangements.Any(a => a.Objects == row))
                    {
                        Arrangements.Add(("row", row));
                        foreach (var d in row) Initial.Add(new("upright", [new(d)]));
                    }
                    else if (!Initial.Any(p => p.Name == "upright" && p.Args[0].Entity == o.Entity)) Initial.Add(new("upright", [o]));
                    Goal.Add(new("toppled", [o]));
                }
                break;
            case "create":
                if (objects.FirstOrDefault(o => o.Entity is { Free: true }) is { } made) Goal.Add(new("at", [made, SceneArg.Goal]));
                else Problems.Add($"'{c.Word}': a {objects[0].Entity?.Kind} is a fixture with no goal of its own — name what to do with it");
                break;
        }
        RefuseUnusedModifiers(c, verb);
        if (c.Rainbow)
        {
            var members = objects.Where(o => o.Entity is not null).Select(o => o.Entity!).ToArray();
            for (var i = 0; i < members.Length; i++) members[i].Colour = Lexicon.Rainbow[i % Lexicon.Rainbow.Count];
        }
    }

    /// <summary>What each verb can do with a clause's modifiers; a modifier it cannot use is a problem, not silence.</summary>
    private static readonly Dictionary<string, string[]> UsableModifiers = new(StringComparer.Ordinal)
    {
        ["place"] = ["source", "off", "relation", "goal", "arrangement"], ["move"] = ["source", "off", "relation", "goal", "arrangement"],
        ["push"] = ["source", "off", "relation", "goal", "arrangement"], ["pick"] = ["source", "off", "relation", "goal", "arrangement"],
        ["lift"] = ["source", "off", "relation", "goal", "arrangement"],
        ["stack"] = ["relation", "arrangement"], ["build"] = ["relation", "arrangement"], ["arrange"] = ["relation", "arrangement"],
        ["insert"] = ["relation", "sideways"], ["remove"] = ["source", "relation", "sideways"],
        ["rotate"] = ["degrees"], ["press"] = ["top", "sideways"],
    };

    private void RefuseUnusedModifiers(Clause c, string verb)
    {
        var usable = UsableModifiers.GetValueOrDefault(verb) ?? [];
        var present = new List<(string Name, string Words)>();
        if (c.Source is not null) present.Add(("source", "from …"));
        if (c.Off is not null) present.Add(("off", "off …"));
        if (c.Relation is not null) present.Add(("relation", c.Relation.Replace('_', ' ') + " …"));
        if (c.GoalZone) present.Add(("goal", "to the goal"));
        if (c.Arrangement is not null) present.Add(("arrangement", c.Arrangement));
        if (c.Degrees is not null) present.Add(("degrees", "degrees"));
        if (c.Sideways) present.Add(("sideways", "sideways"));
        if (c.FromTop) present.Add(("top", "from the top"));
        foreach (var (name, words) in present)
            if (!usable.Contains(name))
                Problems.Add($"'{c.Word}' cannot use '{words}' (it {Usable(usable)})");
    }

    private static string Usable(string[] usable) =>
        usable.Length == 0 ? "takes no destination or manner" : "takes " + string.Join(", ", usable.Select(u => u switch
        {
            "relation" => "a relation", "goal" => "a goal zone", "top" => "from the top", _ => u,
        }));

    private static bool HasCavity(SceneArg arg) =>
        arg.Part?.StartsWith("drawer", StringComparison.Ordinal) == true || arg.Entity is { } e && AssetLibrary.Find(e.Kind)?.HasCavity == true;

    private static bool HasPart(SceneEntity e, PartMeasure measure) =>
        e.Kind == "cabinet" || AssetLibrary.Find(e.Kind)?.PartsFor(new Dictionary<string, string>()).Any(p => p.Measure == measure) == true;

    private void Arrange(Clause c, List<SceneArg> objects, SceneArg? target)
    {
        var members = objects.ToArray();
        switch (c.Arrangement)
        {
            case "row":
                for (var i = 1; i < members.Length; i++) Goal.Add(new("next_to", [members[i - 1], members[i]]));
                break;
            case "tower":
                if (target is not null) Goal.Add(new("on", [members[0], target]));
                Goal.Add(new("stacked", members));
                break;
            case "pyramid":
            {
                var layers = c.Layers ?? TriangularLayers(members.Length);
                if (layers.Sum() != members.Length || layers.Zip(layers.Skip(1)).Any(x => x.Second != x.First - 1))
                {
                    Problems.Add($"a pyramid of {string.Join("-", layers)} needs {layers.Sum()} objects stepping down by one, not {members.Length}");
                    return;
                }
                for (var i = 1; i < layers[0]; i++) Goal.Add(new("next_to", [members[i - 1], members[i]]));
                var below = 0;
                var at = layers[0];
                for (var layer = 1; layer < layers.Length; layer++)
                {
                    for (var k = 0; k < layers[layer]; k++)
                    {
                        Goal.Add(new("on", [members[at + k], members[below + k]]));
                        Goal.Add(new("on", [members[at + k], members[below + k + 1]]));
                    }
                    below = at;
                    at += layers[layer];
                }
                break;
            }
        }
    }

    private static readonly string[] Palette = ["red", "blue", "green", "yellow", "orange", "purple", "pink", "white", "black"];

    private static int[] TriangularLayers(int n)
    {
        for (var b = 1; b <= 6; b++)
            if (b * (b + 1) / 2 == n) return Enumerable.Range(1, b).Reverse().ToArray();
        return [n];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|[.,;:!?]")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[0-9](?:-[0-9])+$")]
    private static partial Regex LayersPattern();
}
