using System.Text.RegularExpressions;

namespace Benchgen.Tasks;

/// <summary>
/// The rules a schema cannot say: kinds and parts the library has, references that resolve, predicate arities,
/// no support cycles (a on b, b on a), receptacles that can hold what is put in them, the library's bounds. Also
/// the normal form the compiler hands the script: every <c>count: N</c> expanded to N objects.
/// </summary>
public static partial class TaskSpecRules
{
    /// <summary>Predicates over a part's joint.</summary>
    public static readonly IReadOnlySet<string> PartPredicates = new HashSet<string>(StringComparer.Ordinal)
        { "open", "closed", "turned_on", "turned_off", "pressed", "rotated" };

    /// <summary>Predicates over one object (the second argument, when any, is another object, a zone or the floor).</summary>
    private static readonly Dictionary<string, (int Min, int Max, bool Value)> Arity = new(StringComparer.Ordinal)
    {
        ["on"] = (2, 2, false), ["in"] = (2, 2, false), ["at"] = (2, 2, false), ["left_of"] = (2, 2, false),
        ["right_of"] = (2, 2, false), ["in_front_of"] = (2, 2, false), ["behind"] = (2, 2, false), ["under"] = (2, 2, false),
        ["next_to"] = (2, 2, false), ["between"] = (3, 3, false), ["stacked"] = (2, 20, false), ["upright"] = (1, 1, false),
        ["toppled"] = (1, 1, false), ["lifted"] = (1, 1, true), ["off"] = (2, 2, false), ["inserted"] = (2, 2, false),
        ["out_of"] = (2, 2, false), ["open"] = (1, 1, false), ["closed"] = (1, 1, false), ["turned_on"] = (1, 1, false),
        ["turned_off"] = (1, 1, false), ["pressed"] = (1, 1, false), ["rotated"] = (1, 1, true),
    };

    /// <summary>
    /// Zone regions, with where they may stand and how many arguments they take: the goal zone <c>on(x)</c> (above the
    /// surface anchor x: an object's top or <c>id.anchor</c>) or <c>beyond(x)</c> (on the floor, past x as seen from the
    /// payload's start); forbid zones <c>beyond(x)</c> (a low floor box past x, as seen from the payload's start),
    /// <c>beyond_goal()</c> (just past the goal zone, away from the start),
    /// <c>around(x)</c> (x's extent and a margin), <c>between(a, b)</c> (the floor gap between two objects up to their
    /// tops), <c>above(x)</c> (the space over x's top), <c>behind(x)</c> (the floor strip behind x, away from the camera).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (bool Goal, bool Forbid, int Args)> ZoneRegions =
        new Dictionary<string, (bool, bool, int)>(StringComparer.Ordinal)
        {
            ["on"] = (true, false, 1), ["beyond"] = (true, true, 1), ["beyond_goal"] = (false, true, 0), ["around"] = (false, true, 1),
            ["between"] = (false, true, 2), ["above"] = (false, true, 1), ["behind"] = (false, true, 1),
        };

    /// <summary>How many objects each receptacle holds at once (cavities and holes).</summary>
    public static int Capacity(string kind, string anchor) => (kind, anchor) switch
    {
        ("socket", _) => 1,
        ("mug", _) or ("box", _) => 1,
        ("bowl", _) => 3,
        ("tray", _) => 3,
        ("caddy", "inside") => 4,
        ("caddy", _) => 2,
        ("cabinet", _) or ("microwave", _) => 2,
        _ => 4,
    };

    /// <summary>The spec with every counted object expanded (<c>block_1</c> ×3 → block_1, block_2, block_3) and parts filled in.</summary>
    public static TaskSpec Normalize(TaskSpec spec)
    {
        var objects = new List<TaskObject>();
        foreach (var o in spec.Objects)
        {
            var parts = o.Parts is { Count: > 0 } ? o.Parts : AssetLibrary.PartsOf(o).Select(p => p.Name).ToArray();
            var count = o.Count ?? 1;
            if (count <= 1)
            {
                objects.Add(o with { Count = null, Parts = parts, Label = o.Label.Length > 0 ? o.Label : o.Kind.Replace('_', ' ') });
                continue;
            }
            var stem = Numbered().Match(o.Id) is { Success: true } m ? m.Groups[1].Value : o.Id;
            var first = Numbered().Match(o.Id) is { Success: true } n ? int.Parse(n.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
            for (var i = 0; i < count; i++)
                objects.Add(o with
                {
                    Id = $"{stem}_{first + i}", Count = null, Parts = parts,
                    Label = o.Label.Length > 0 ? o.Label : o.Kind.Replace('_', ' '),
                });
        }
        return spec with { Objects = objects };
    }

    /// <exception cref="TaskSpecException">Every problem found, each with its JSON path.</exception>
    public static void Check(TaskSpec spec)
    {
        var errors = new List<string>();
        if (spec.Spec != TaskSpec.Version) errors.Add($"$.spec: must be \"{TaskSpec.Version}\"");
        for (var i = 0; i < spec.Objects.Count; i++)
        {
            var o = spec.Objects[i];
            var kind = AssetLibrary.Find(o.Kind);
            if (kind is null)
            {
                errors.Add($"$.objects[{i}].kind: unknown kind '{o.Kind}'; nearest: {string.Join(", ", Nearest(o.Kind, AssetLibrary.Kinds.Select(k => k.Kind), 3))}");
                continue;
            }
            var known = kind.PartsFor(AssetLibrary.ParamText(o)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var part in o.Parts ?? [])
                if (!known.Contains(part))
                    errors.Add($"$.objects[{i}].parts: {o.Kind} has no part '{part}'" +
                               (known.Count == 0 ? " (it has no parts)" : $"; its parts: {string.Join(", ", known.Order(StringComparer.Ordinal))}"));
            if (o.Kind == "cabinet" && AssetLibrary.ParamText(o).TryGetValue("drawers", out var drawers) &&
                !(int.TryParse(drawers, out var d) && d is >= 1 and <= AssetLibrary.MaxDrawers))
                errors.Add($"$.objects[{i}].params.drawers: a cabinet has 1 to {AssetLibrary.MaxDrawers} drawers, not {drawers}");
            if (o.Count is > 1 && kind.Role == AssetRole.Fixture && o.Kind is not ("gear" or "platform"))
                errors.Add($"$.objects[{i}].count: the library builds one {o.Kind} per scene object; list each separately");
        }
        if (errors.Count > 0) throw new TaskSpecException("The spec names what the asset library lacks: " + string.Join("; ", errors), errors);

        var normal = Normalize(spec);
        if (normal.Objects.Count > AssetLibrary.MaxObjects)
            errors.Add($"$.objects: {normal.Objects.Count} objects after expanding counts; the library builds at most {AssetLibrary.MaxObjects}");
        var ids = new Dictionary<string, TaskObject>(StringComparer.Ordinal);
        foreach (var o in normal.Objects)
            if (!ids.TryAdd(o.Id, o)) errors.Add($"$.objects: id '{o.Id}' is used twice");

        for (var i = 0; i < spec.Placements.Count; i++)
        {
            var p = spec.Placements[i];
            var path = $"$.placements[{i}]";
            if (p.Arrangement is not null)
            {
                foreach (var id in p.Objects ?? []) RequireObject(id, $"{path}.objects", ids, errors, freeOnly: p.Arrangement != "row" || true);
                if (p.Target is not null && p.Target != "floor") Resolve(p.Target, $"{path}.target", ids, errors);
            }
            else
            {
                if (p.Relation == "meshes_with")
                {
                    foreach (var id in new[] { p.Object, p.Target })
                        if (id is null || !ids.TryGetValue(id, out var g) || g.Kind != "gear")
                            errors.Add($"{path}: meshes_with relates two gears, not '{id}'");
                    continue;
                }
                Resolve(p.Object ?? "", $"{path}.object", ids, errors);
                if (p.Target != "floor") Resolve(p.Target ?? "", $"{path}.target", ids, errors);
            }
        }
        CheckZones(spec, ids, errors);
        CheckRanges(spec, ids, errors);
        CheckPredicates(spec.Initial, "$.initial", ids, errors);
        CheckPredicates(spec.Goal, "$.goal", ids, errors);
        if (spec.Goal.Count > 0 && spec.Goal.All(g => spec.Initial.Contains(g)))
            errors.Add("$.goal: every goal predicate is also an initial predicate, so the task would start solved");
        CheckSupportCycles(spec, errors);
        // A preset's container grows to hold its parts (up to 20 balls), beyond the library's usual capacity.
        if (spec.Preset is null) CheckCapacity(spec, ids, errors);
        if (errors.Count > 0) throw new TaskSpecException("The spec cannot be built: " + string.Join("; ", errors), errors);
    }

    private static void CheckPredicates(IReadOnlyList<Predicate> predicates, string path, Dictionary<string, TaskObject> ids, List<string> errors)
    {
        for (var i = 0; i < predicates.Count; i++)
        {
            var p = predicates[i];
            var at = $"{path}[{i}]";
            if (!Arity.TryGetValue(p.Name, out var arity))
            {
                errors.Add($"{at}.predicate: unknown predicate '{p.Name}'");
                continue;
            }
            if (p.Args.Count < arity.Min || p.Args.Count > arity.Max)
                errors.Add($"{at}.args: {p.Name} takes {(arity.Min == arity.Max ? arity.Min.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{arity.Min} to {arity.Max}")} arguments, got {p.Args.Count}");
            if (arity.Value && p.Value is null) errors.Add($"{at}.value: {p.Name} needs a value ({(p.Name == "rotated" ? "degrees" : "metres")})");
            if (p.Name == "rotated" && p.Value is { } deg && (Math.Abs(deg) < 5 || Math.Abs(deg) > 720))
                errors.Add($"{at}.value: rotated takes 5 to 720 degrees, got {deg}");
            if (p.Name == "lifted" && p.Value is { } h && h is <= 0 or > 0.5)
                errors.Add($"{at}.value: lifted takes 0 to 0.5 metres, got {h}");
            for (var a = 0; a < p.Args.Count; a++)
            {
                var arg = p.Args[a];
                var argPath = $"{at}.args[{a}]";
                if (arg == "goal")
                {
                    if (!(p.Name == "at" && a == 1)) errors.Add($"{argPath}: the goal zone can only be the second argument of at()");
                    continue;
                }
                if (arg == "floor")
                {
                    if (!(a == 1 && p.Name is "on" or "off")) errors.Add($"{argPath}: the floor can only be what something is on or off");
                    continue;
                }
                if (p.Name == "at" && a == 1) { errors.Add($"{argPath}: at() takes the goal zone 'goal', not '{arg}'"); continue; }
                if (PartPredicates.Contains(p.Name)) ResolvePart(arg, argPath, ids, errors);
                else Resolve(arg, argPath, ids, errors);
            }
            if (p.Args.Count >= 2 && p.Args.Distinct(StringComparer.Ordinal).Count() != p.Args.Count)
                errors.Add($"{at}.args: {p.Name} relates an object to itself");
        }
    }

    private static void CheckZones(TaskSpec spec, Dictionary<string, TaskObject> ids, List<string> errors)
    {
        void One(ZoneRule rule, string path, bool goal)
        {
            if (!ZoneRegions.TryGetValue(rule.Region, out var region))
            {
                errors.Add($"{path}.region: unknown region '{rule.Region}'; regions: {string.Join(", ", ZoneRegions.Keys)}");
                return;
            }
            if (goal ? !region.Goal : !region.Forbid)
            {
                errors.Add($"{path}.region: '{rule.Region}' places {(goal ? "a forbid zone, not the goal zone" : "the goal zone, not a forbid zone")}");
                return;
            }
            if (rule.Args.Count != region.Args)
                errors.Add($"{path}.args: {rule.Region} takes {region.Args} argument{(region.Args == 1 ? "" : "s")}, got {rule.Args.Count}");
            for (var a = 0; a < rule.Args.Count; a++) Resolve(rule.Args[a], $"{path}.args[{a}]", ids, errors);
        }
        if (spec.Zones.Goal is { } g)
        {
            One(g, "$.zones.goal", goal: true);
            if (!spec.Goal.Any(p => p.Name == "at"))
                errors.Add("$.zones.goal: the goal zone is only used by at(x, goal), which the goal does not name");
        }
        for (var i = 0; i < spec.Zones.Forbid.Count; i++) One(spec.Zones.Forbid[i], $"$.zones.forbid[{i}]", goal: false);
        if (spec.Zones.Forbid.Count > 4) errors.Add("$.zones.forbid: at most 4 forbid zones");
    }

    /// <summary>Every range names an object and a parameter its asset draws (<see cref="AssetLibrary.RangeParameters"/>), within bounds.</summary>
    private static void CheckRanges(TaskSpec spec, Dictionary<string, TaskObject> ids, List<string> errors)
    {
        foreach (var (key, range) in spec.Variation.Ranges.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var path = $"$.variation.ranges.{key}";
            var dot = key.IndexOf('.');
            if (dot < 0 || !ids.TryGetValue(key[..dot], out var o))
            {
                errors.Add($"{path}: a range names an object and a parameter ('<object id>.<parameter>'); no object '{(dot < 0 ? key : key[..dot])}'");
                continue;
            }
            var parameters = AssetLibrary.RangeParameters(o.Kind);
            var name = key[(dot + 1)..];
            if (!parameters.TryGetValue(name, out var bounds))
            {
                errors.Add($"{path}: a {o.Kind} cannot vary '{name}'; it varies {string.Join(", ", parameters.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }
            if (range.Length != 2 || !double.IsFinite(range[0]) || !double.IsFinite(range[1]) || range[0] > range[1])
                errors.Add($"{path}: a range is [min, max] with min <= max");
            else if (range[0] < bounds.Min || range[1] > bounds.Max)
                errors.Add($"{path}: {name} of a {o.Kind} ranges within [{bounds.Min.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {bounds.Max.ToString(System.Globalization.CultureInfo.InvariantCulture)}]");
        }
    }

    /// <summary>An object id or an id.part reference; parts must exist.</summary>
    private static void Resolve(string reference, string path, Dictionary<string, TaskObject> ids, List<string> errors)
    {
        var dot = reference.IndexOf('.');
        var id = dot < 0 ? reference : reference[..dot];
        if (!ids.TryGetValue(id, out var o))
        {
            errors.Add($"{path}: no object '{id}' in $.objects");
            return;
        }
        if (dot >= 0 && !(o.Parts ?? []).Contains(reference[(dot + 1)..], StringComparer.Ordinal) && !IsAnchor(o, reference[(dot + 1)..]))
            errors.Add($"{path}: {o.Kind} '{id}' has no part '{reference[(dot + 1)..]}'");
    }

    private static bool IsAnchor(TaskObject o, string name) => AssetLibrary.Find(o.Kind)?.Anchors.Contains(name) == true;

    private static void ResolvePart(string reference, string path, Dictionary<string, TaskObject> ids, List<string> errors)
    {
        var dot = reference.IndexOf('.');
        var id = dot < 0 ? reference : reference[..dot];
        if (!ids.TryGetValue(id, out var o))
        {
            errors.Add($"{path}: no object '{id}' in $.objects");
            return;
        }
        var parts = (o.Parts ?? []).Where(p => AssetLibrary.PartsOf(o).Any(ap => ap.Name == p && ap.Measure != PartMeasure.Free)).ToArray();
        if (dot < 0)
        {
            if (parts.Length != 1)
                errors.Add(parts.Length == 0
                    ? $"{path}: {o.Kind} '{id}' has no moving part for this predicate"
                    : $"{path}: {o.Kind} '{id}' has {parts.Length} parts ({string.Join(", ", parts)}); name one as {id}.<part>");
        }
        else if (!parts.Contains(reference[(dot + 1)..], StringComparer.Ordinal))
        {
            errors.Add($"{path}: {o.Kind} '{id}' has no moving part '{reference[(dot + 1)..]}'" +
                       (parts.Length == 0 ? "" : $"; its parts: {string.Join(", ", parts)}"));
        }
    }

    private static void RequireObject(string id, string path, Dictionary<string, TaskObject> ids, List<string> errors, bool freeOnly)
    {
        if (!ids.TryGetValue(id, out var o)) errors.Add($"{path}: no object '{id}' in $.objects");
        else if (freeOnly && AssetLibrary.Find(o.Kind) is { Free: false } && o.Kind != "platform")
            errors.Add($"{path}: {o.Kind} '{id}' is a fixture and cannot be arranged");
    }

    /// <summary>Support relations (on, in, inserted, stacked) at the start must form no cycle.</summary>
    private static void CheckSupportCycles(TaskSpec spec, List<string> errors)
    {
        var below = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Edge(string? upper, string? lower)
        {
            if (upper is null || lower is null || lower == "floor") return;
            upper = upper.Split('.')[0];
            lower = lower.Split('.')[0];
            if (upper == lower) return;
            (below.TryGetValue(upper, out var set) ? set : below[upper] = new(StringComparer.Ordinal)).Add(lower);
        }
        foreach (var p in spec.Placements)
        {
            if (p.Relation is "on" or "in" or "inserted") Edge(p.Object, p.Target);
            if (p.Arrangement is "tower" or "staggered_tower" && p.Objects is { } tower)
                for (var i = 1; i < tower.Count; i++) Edge(tower[i], tower[i - 1]);
        }
        foreach (var p in spec.Initial)
        {
            if (p.Name is "on" or "in" or "inserted" && p.Args.Count == 2) Edge(p.Args[0], p.Args[1]);
            if (p.Name == "stacked") for (var i = 1; i < p.Args.Count; i++) Edge(p.Args[i], p.Args[i - 1]);
        }
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        bool Visit(string node, List<string> trail)
        {
            if (state.GetValueOrDefault(node) == 1)
            {
                var start = trail.IndexOf(node);
                errors.Add($"$.placements: the start state rests objects on each other in a cycle ({string.Join(" on ", trail.Skip(start).Append(node))})");
                return true;
            }
            if (state.GetValueOrDefault(node) == 2) return false;
            state[node] = 1;
            trail.Add(node);
            foreach (var next in below.GetValueOrDefault(node) ?? [])
                if (Visit(next, trail)) return true;
            trail.RemoveAt(trail.Count - 1);
            state[node] = 2;
            return false;
        }
        foreach (var node in below.Keys.Order(StringComparer.Ordinal))
            if (Visit(node, [])) break;
    }

    /// <summary>No receptacle is asked to hold more than it can, nor a fixture or container be put inside anything.</summary>
    private static void CheckCapacity(TaskSpec spec, Dictionary<string, TaskObject> ids, List<string> errors)
    {
        foreach (var (label, predicates) in new[] { ("initial", spec.Initial), ("goal", spec.Goal) })
        {
            var placed = predicates.Where(p => p.Name is "in" or "inserted" && p.Args.Count == 2).ToList();
            if (label == "initial")
                placed.AddRange(spec.Placements.Where(p => p.Relation is "in" or "inserted" && p.Object is not null && p.Target is not null)
                    .Select(p => new Predicate(p.Relation!, p.Object!, p.Target!)));
            foreach (var group in placed.GroupBy(p => p.Args[1], StringComparer.Ordinal))
            {
                var target = group.Key.Split('.');
                if (!ids.TryGetValue(target[0], out var receptacle)) continue;
                var anchor = target.Length > 1 ? target[1] : "inside";
                var kind = AssetLibrary.Find(receptacle.Kind);
                var hasCavity = kind is not null && (kind.HasCavity || kind.Anchors.Contains("hole") ||
                                                     (receptacle.Kind == "cabinet" && target.Length > 1) || kind.Anchors.Contains(anchor) && anchor != "top");
                if (!hasCavity)
                {
                    errors.Add($"$.{label}: {receptacle.Kind} '{receptacle.Id}' has nothing to put objects in");
                    continue;
                }
                var items = group.Select(p => p.Args[0]).Distinct(StringComparer.Ordinal).ToArray();
                var capacity = Capacity(receptacle.Kind, anchor);
                if (items.Length > capacity)
                    errors.Add($"$.{label}: {items.Length} objects cannot fit in {group.Key} (a {receptacle.Kind} holds {capacity})");
                foreach (var item in items)
                    if (ids.TryGetValue(item.Split('.')[0], out var o) && AssetLibrary.Find(o.Kind) is { Role: not AssetRole.Object } && !item.Contains('.'))
                        errors.Add($"$.{label}: {o.Kind} '{o.Id}' is a fixture and cannot go in {group.Key}");
                    else if (ids.TryGetValue(item, out var same) && same.Kind == receptacle.Kind)
                        errors.Add($"$.{label}: a {same.Kind} cannot fit in another {receptacle.Kind}");
            }
        }
    }

    /// <summary>The closest names by edit distance (ties in catalogue order).</summary>
    public static IReadOnlyList<string> Nearest(string word, IEnumerable<string> candidates, int count) =>
        candidates.Select((c, i) => (c, d: EditDistance(word, c), i)).OrderBy(x => x.d).ThenBy(x => x.i).Take(count).Select(x => x.c).ToArray();

    public static int EditDistance(string a, string b)
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

    [GeneratedRegex("^(.*)_([0-9]+)$")]
    private static partial Regex Numbered();
}
