using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks.Parsing;

/// <summary>One object instance the prompt introduced; its id is assigned once the whole prompt is read.</summary>
internal sealed class SceneEntity(LexiconNoun noun, int order)
{
    public LexiconNoun Noun { get; } = noun;
    public string Kind => Noun.Kind;
    public int Order { get; } = order;
    public string Label { get; set; } = noun.Noun;
    public string? Colour { get; set; }
    public string? Size { get; set; }
    public string? Material { get; set; }

    /// <summary>A distinguishing word from a later mention ("input", "left", "first").</summary>
    public string? Tag { get; set; }

    /// <summary>The instances introduced by the same noun phrase ("five dominoes"), in order; null when alone.</summary>
    public IReadOnlyList<SceneEntity>? Group { get; set; }

    public bool Meshing { get; set; }
    public HashSet<string> DrawerPositions { get; } = new(StringComparer.Ordinal);
    public int? Drawers { get; set; }
    public bool Lidded { get; set; }
    public Dictionary<string, string> TextParams { get; } = new(StringComparer.Ordinal);
    public string Id { get; set; } = "";

    public bool Free => AssetLibrary.Find(Kind)?.Free ?? false;

    public int DrawerCount => Drawers ?? (DrawerPositions.Count > 0 ? 3 : 1);
}

/// <summary>A predicate argument before ids exist: an entity (and part), the goal zone or the floor.</summary>
internal sealed record SceneArg(SceneEntity? Entity, string? Part = null, string? Special = null)
{
    public static readonly SceneArg Goal = new(null, null, "goal");
    public static readonly SceneArg Floor = new(null, null, "floor");
}

internal sealed record ScenePredicate(string Name, IReadOnlyList<SceneArg> Args, double? Value = null);

/// <summary>A noun phrase as read: the entities it names (or a part of one), or the word nothing matched.</summary>
internal sealed record Mention(IReadOnlyList<SceneEntity> Entities, string? Part = null, string? Special = null)
{
    /// <summary>"the lid" before its owner is known: the owner's kind.</summary>
    public string? PendingOwnerKind { get; init; }
    public string? UnknownWord { get; init; }
    public bool Pronoun { get; init; }

    /// <summary>For a pronoun: how many mentions came before it (it can only name one of those).</summary>
    public int Before { get; init; }
    public string? FloorMaterial { get; init; }

    /// <summary>"a tower of 3 blocks": the shape the members are to form.</summary>
    public string? Arrangement { get; init; }
}
