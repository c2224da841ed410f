namespace Benchgen.Tasks;

/// <summary>What an asset is to a task: something that moves freely, a fixed container, or a fixture.</summary>
public enum AssetRole { Object, Container, Fixture }

/// <summary>How a part's joint reads: open/closed, on/off, pressed/rest, or only an angle.</summary>
public enum PartMeasure { OpenClosed, OnOff, Pressed, Angle, Free }

/// <summary>An addressable part of an asset (<c>cabinet_1.drawer_top</c>).</summary>
public sealed record AssetPart(string Name, string Joint, PartMeasure Measure);

/// <summary>
/// One kind of the parametric asset library (TASKS.md §3). The Python builders in
/// <c>Coding/Templates/lib/assets.py</c> build every kind listed here; this catalogue is what the planners, the
/// spec checker and the fidelity check know about it.
/// </summary>
public sealed record AssetKind(string Kind, AssetRole Role, bool Free, string Description, IReadOnlyList<string> Anchors)
{
    /// <summary>Parts for an object's parameters (a cabinet's parts depend on its number of drawers).</summary>
    public Func<IReadOnlyDictionary<string, string>, IReadOnlyList<AssetPart>> PartsFor { get; init; } = _ => [];

    public bool HasCavity => Anchors.Contains("inside") || Role == AssetRole.Container;
}

public static class AssetLibrary
{
    public const int MaxObjects = 24;
    public const int MaxDrawers = 3;

    private static readonly string[] Top = ["top"];
    private static readonly string[] TopInside = ["top", "inside"];

    private static AssetPart[] One(string name, string joint, PartMeasure measure) => [new(name, joint, measure)];

    public static readonly IReadOnlyList<AssetKind> Kinds =
    [
        // Free objects: one free body each.
        new("block", AssetRole.Object, true, "a box-shaped block", Top),
        new("cube", AssetRole.Object, true, "a block with equal sides", Top),
        new("cylinder", AssetRole.Object, true, "an upright cylinder", Top),
        new("ball", AssetRole.Object, true, "a sphere", Top),
        new("puck", AssetRole.Object, true, "a flat disc", Top),
        new("peg", AssetRole.Object, true, "a long square peg", Top),
        new("nut", AssetRole.Object, true, "a hexagonal nut with a hole", Top),
        new("ring", AssetRole.Object, true, "a flat ring", Top),
        new("bowl", AssetRole.Object, true, "an open bowl", TopInside),
        new("plate", AssetRole.Object, true, "a flat plate", Top),
        new("mug", AssetRole.Object, true, "a mug with a handle", TopInside),
        new("can", AssetRole.Object, true, "a cylindrical can", Top),
        new("bottle", AssetRole.Object, true, "a bottle with a neck", Top),
        new("box", AssetRole.Object, true, "a small box, optionally with a lid", Top)
        {
            PartsFor = p => p.TryGetValue("lidded", out var lidded) && lidded == "true" ? One("lid", "", PartMeasure.Free) : [],
        },
        new("book", AssetRole.Object, true, "a flat book", Top),
        new("domino", AssetRole.Object, true, "a thin upright domino", Top),
        // Containers: fixed open boxes with a cavity.
        new("basket", AssetRole.Container, false, "an open basket", TopInside),
        new("bin", AssetRole.Container, false, "an open bin", TopInside),
        new("tray", AssetRole.Container, false, "a shallow tray", TopInside),
        new("container", AssetRole.Container, false, "an open container", TopInside),
        new("caddy", AssetRole.Container, false, "a caddy with two compartments", ["top", "inside", "compartment_1", "compartment_2"]),
        // Fixtures, some with articulated parts.
        new("table", AssetRole.Fixture, false, "a table", ["top", "under"]),
        new("shelf", AssetRole.Fixture, false, "a shelf board on posts", ["top", "under"]),
        new("cabinet", AssetRole.Fixture, false, "a cabinet with 1 to 3 drawers", Top)
        {
            PartsFor = p => DrawerNames(p.TryGetValue("drawers", out var d) && int.TryParse(d, out var n) ? n : 1)
                .Select(name => new AssetPart(name, "slide", PartMeasure.OpenClosed)).ToArray(),
        },
        new("microwave", AssetRole.Fixture, false, "a microwave with a hinged door", ["top", "inside"])
        {
            PartsFor = _ => One("door", "hinge", PartMeasure.OpenClosed),
        },
        new("stove", AssetRole.Fixture, false, "a stove with a control knob", Top) { PartsFor = _ => One("knob", "hinge", PartMeasure.OnOff) },
        new("button", AssetRole.Fixture, false, "a push button", Top) { PartsFor = _ => One("button", "slide", PartMeasure.Pressed) },
        new("dial", AssetRole.Fixture, false, "a rotary dial", Top) { PartsFor = _ => One("dial", "hinge", PartMeasure.Angle) },
        new("knob", AssetRole.Fixture, false, "a rotary knob", Top) { PartsFor = _ => One("knob", "hinge", PartMeasure.OnOff) },
        new("faucet", AssetRole.Fixture, false, "a faucet with a handle", Top) { PartsFor = _ => One("handle", "hinge", PartMeasure.OnOff) },
        new("window", AssetRole.Fixture, false, "a window with a sliding sash", Top) { PartsFor = _ => One("sash", "slide", PartMeasure.OpenClosed) },
        new("door", AssetRole.Fixture, false, "a hinged door in a frame", Top) { PartsFor = _ => One("door", "hinge", PartMeasure.OpenClosed) },
        new("socket", AssetRole.Fixture, false, "a block with a hole a peg fits", ["top", "hole"]),
        new("gear", AssetRole.Fixture, false, "a gear on an axle", Top) { PartsFor = _ => One("gear", "hinge", PartMeasure.Angle) },
        new("crank", AssetRole.Fixture, false, "a crank handle on an axle", Top) { PartsFor = _ => One("crank", "hinge", PartMeasure.Angle) },
        new("coffee_machine", AssetRole.Fixture, false, "a coffee machine with room for a mug under its spout", ["top", "under"]),
        new("rack", AssetRole.Fixture, false, "a rack with pegs", Top),
        new("wall", AssetRole.Fixture, false, "a low wall", Top),
        // Fixtures of the catalogue presets (stack, ramp, gap, lever, pendulum families).
        new("ramp", AssetRole.Fixture, false, "an inclined ramp with a run-out and a backstop", ["top", "runout"]),
        new("platform", AssetRole.Fixture, false, "a raised platform", Top),
        new("lever", AssetRole.Fixture, false, "a beam balanced on a fulcrum, with a lip at each end", ["top", "beam", "end_left", "end_right"]) { PartsFor = _ => One("beam", "hinge", PartMeasure.Angle) },
        new("pendulum", AssetRole.Fixture, false, "a bob on an arm hanging from a frame", Top) { PartsFor = _ => One("arm", "hinge", PartMeasure.Angle) },
    ];

    private static readonly Dictionary<string, AssetKind> ByKind = Kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    public static AssetKind? Find(string kind) => ByKind.GetValueOrDefault(kind);

    public static IReadOnlyList<string> DrawerNames(int drawers) => drawers switch
    {
        <= 1 => ["drawer"],
        2 => ["drawer_top", "drawer_bottom"],
        _ => ["drawer_top", "drawer_middle", "drawer_bottom"],
    };

    /// <summary>Parameters as strings, the way <see cref="AssetKind.PartsFor"/> reads them.</summary>
    public static IReadOnlyDictionary<string, string> ParamText(TaskObject o) =>
        (o.Params ?? new Dictionary<string, System.Text.Json.JsonElement>()).ToDictionary(
            p => p.Key,
            p => p.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.True => "true",
                System.Text.Json.JsonValueKind.False => "false",
                System.Text.Json.JsonValueKind.String => p.Value.GetString() ?? "",
                _ => p.Value.GetRawText(),
            },
            StringComparer.Ordinal);

    /// <summary>
    /// The parameters a seed can draw from a <c>variation.ranges</c> entry <c>"&lt;id&gt;.&lt;parameter&gt;": [min, max]</c>,
    /// with the bounds a range must stay in: every kind scales as a whole by <c>size</c> (a factor on its nominal
    /// dimensions, drawn once per seed; alike objects of one structure share it); a lever's <c>fulcrum</c> is where the
    /// pivot sits along the beam (0.5: the middle).
    /// </summary>
    public static IReadOnlyDictionary<string, (double Min, double Max)> RangeParameters(string kind) => kind switch
    {
        "lever" => LeverRanges,
        _ => SizeRange,
    };

    private static readonly Dictionary<string, (double Min, double Max)> SizeRange = new(StringComparer.Ordinal) { ["size"] = (0.3, 3.0) };

    private static readonly Dictionary<string, (double Min, double Max)> LeverRanges = new(StringComparer.Ordinal)
    {
        ["size"] = (0.3, 3.0), ["fulcrum"] = (0.2, 0.8),
    };

    public static IReadOnlyList<AssetPart> PartsOf(TaskObject o) => Find(o.Kind)?.PartsFor(ParamText(o)) ?? [];
}
