using System.Globalization;
using Benchgen.Generation.Planning;
using Benchgen.Physics;

namespace Benchgen.Generation.Validation;

/// <summary>
/// Does the compiled model match what the prompt asked for? Free bodies per shape, the joints the family needs and the
/// colour when one was asked. Each check names what was expected and what the model has.
/// </summary>
public static class PromptFidelity
{
    /// <summary>Per-channel tolerance on a colour after the best shading factor in [0.5, 1] is applied.</summary>
    public const double ColourTolerance = 0.08;

    public static GeomShape ToGeomShape(PartShape shape) => shape switch
    {
        PartShape.Cylinder => GeomShape.Cylinder,
        PartShape.Sphere => GeomShape.Sphere,
        _ => GeomShape.Box,
    };

    /// <summary>The shape a body shows: its largest visible geom (families may hide collision helpers, alpha 0).</summary>
    public static GeomShape? VisibleShape(MujocoModel model, int bodyId) => VisibleGeom(model, bodyId)?.Shape;

    public static GeomInfo? VisibleGeom(MujocoModel model, int bodyId) =>
        model.Geoms.Where(g => g.BodyId == bodyId && g.Rgba.Length == 4 && g.Rgba[3] > 0)
            .OrderByDescending(g => g.BoundingRadius).ThenBy(g => g.Id).FirstOrDefault()
        ?? model.Geoms.Where(g => g.BodyId == bodyId).OrderByDescending(g => g.BoundingRadius).FirstOrDefault();

    /// <summary>Free bodies: count, names and shape per body ("structure").</summary>
    public static ValidationCheck Structure(ScenarioPlan plan, MujocoModel model)
    {
        var free = model.Bodies.Where(b => b.IsFree).ToArray();
        var expectedShape = ToGeomShape(plan.Shape);
        var problems = new List<string>();
        if (free.Length != plan.ExpectedFreeBodies)
            problems.Add($"{free.Length} free bodies, the plan expects {plan.ExpectedFreeBodies}");
        var missing = plan.FreeBodies.Except(free.Select(b => b.Name), StringComparer.Ordinal).ToArray();
        if (missing.Length > 0) problems.Add("missing free bodies: " + string.Join(", ", missing));
        foreach (var body in free)
            if (!model.Geoms.Any(g => g.BodyId == body.Id && g.Shape == expectedShape))
                problems.Add($"{body.Name} has no {Lower(expectedShape)} geom");
        var byShape = string.Join(", ", free.GroupBy(b => VisibleShape(model, b.Id)?.ToString().ToLowerInvariant() ?? "none")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        var found = free.Length == 0 ? "no free bodies" : $"free bodies by shape: {byShape}";
        return problems.Count == 0
            ? new("structure", true, $"{found}; the plan asks for {plan.ExpectedFreeBodies} {Lower(expectedShape)}", free.Length, plan.ExpectedFreeBodies)
            : new("structure", false, $"{string.Join("; ", problems)} ({found})", free.Length, plan.ExpectedFreeBodies);
    }

    /// <summary>At least the planned number of joints of each kind the family needs (slide for a drawer, hinge for a door).</summary>
    public static ValidationCheck Joints(ScenarioPlan plan, MujocoModel model)
    {
        var counts = model.Joints.Where(j => j.Kind != JointKind.Free).GroupBy(j => j.Kind)
            .ToDictionary(g => g.Key, g => g.Count());
        var found = counts.Count == 0 ? "no joints besides free joints"
            : string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {Lower(c.Key)}"));
        var problems = new List<string>();
        foreach (var (kindName, expected) in plan.ExpectedJoints.OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            if (!Enum.TryParse<JointKind>(kindName, ignoreCase: true, out var kind))
            {
                problems.Add($"the plan asks for unknown joint kind \"{kindName}\"");
                continue;
            }
            var actual = counts.GetValueOrDefault(kind);
            if (actual < expected) problems.Add($"the plan needs {expected} {Lower(kind)} joint{(expected == 1 ? "" : "s")}, the model has {actual}");
        }
        var wanted = plan.ExpectedJoints.Count == 0 ? "none required"
            : string.Join(", ", plan.ExpectedJoints.Select(j => $"{j.Value} {j.Key.ToLowerInvariant()}"));
        return problems.Count == 0
            ? new("joints", true, $"{found} (required: {wanted})")
            : new("joints", false, $"{string.Join("; ", problems)} (model has {found})");
    }

    /// <summary>
    /// When the prompt names a colour, at least half of the parts (free bodies plus the payload) must show it (a family may shade
    /// alternate parts or highlight the payload after review, so the hue must match up to a shading factor in [0.5, 1]).
    /// </summary>
    public static ValidationCheck Colour(ScenarioPlan plan, BenchmarkDefinition definition, MujocoModel model)
    {
        if (plan.Rgba is not { Length: >= 3 } rgba)
            return new("colour", true, "the prompt asks for no colour");
        var ids = model.Bodies.Where(b => b.IsFree).Select(b => b.Id).ToHashSet();
        var payload = model.BodyId(definition.PayloadBody);
        if (payload > 0) ids.Add(payload);
        if (ids.Count == 0) return new("colour", false, $"the prompt asks for {plan.Colour} but the model has no free bodies or payload to colour");
        var matching = new List<string>();
        var other = new List<string>();
        foreach (var id in ids.Order())
        {
            var geom = VisibleGeom(model, id);
            var name = model.Bodies[id - 1].Name;
            if (geom is not null && Matches(rgba, geom.Rgba)) matching.Add(name);
            else other.Add(geom is null ? $"{name} (no geom)" : $"{name} ({Rgb(geom.Rgba)})");
        }
        var fraction = (double)matching.Count / ids.Count;
        var detail = $"{matching.Count} of {ids.Count} parts are {plan.Colour} ({Rgb(rgba)})" +
                     (other.Count == 0 ? "" : "; other colours: " + string.Join(", ", other));
        return new("colour", fraction >= 0.5, detail, fraction, 0.5);
    }

    /// <summary>True when <paramref name="actual"/> is <paramref name="asked"/> shaded by some factor in [0.5, 1].</summary>
    public static bool Matches(IReadOnlyList<float> asked, IReadOnlyList<float> actual)
    {
        if (actual.Count < 3) return false;
        double dot = 0, norm = 0;
        for (var c = 0; c < 3; c++) { dot += asked[c] * actual[c]; norm += asked[c] * asked[c]; }
        var k = norm <= 1e-9 ? 1.0 : Math.Clamp(dot / norm, 0.5, 1.0);
        for (var c = 0; c < 3; c++)
            if (Math.Abs(k * asked[c] - actual[c]) > ColourTolerance) return false;
        return true;
    }

    private static string Rgb(IReadOnlyList<float> c) =>
        string.Create(CultureInfo.InvariantCulture, $"rgb {c[0]:0.##} {c[1]:0.##} {c[2]:0.##}");

    private static string Lower<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();
}
