using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Benchgen.Physics;

namespace Benchgen.Generation.Validation;

/// <summary>
/// Geometric signature of a compiled scene, for deduplication: one entry per geom — its body kind (free, jointed or
/// fixed), shape, sizes and initial world position, quantized to <see cref="QuantumMetres"/> — sorted and hashed with
/// SHA-256. Names, colours, lights and zone marker sites do not enter it, so a renamed or recoloured copy of a scene has the
/// same signature, while a different seed (other sizes or positions) has another.
/// </summary>
public static class GeometricSignature
{
    /// <summary>1 mm: coarser than float noise between machines, finer than any seed-to-seed difference the families draw.</summary>
    public const double QuantumMetres = 0.001;

    public const string Prefix = "geom-v1:";

    /// <param name="definition">When given, the goal and forbid zones enter the signature too: the same scene with the
    /// goal elsewhere is a different benchmark.</param>
    public static string Compute(MujocoModel model, BenchmarkDefinition? definition = null)
    {
        model.Reset();
        var positions = model.GeomPositions();
        var entries = model.Geoms.Select(g =>
        {
            var body = g.BodyId == 0 ? null : model.Bodies[g.BodyId - 1];
            var kind = body is null ? "world" : body.IsFree ? "free" : model.Joints.Any(j => j.BodyId == body.Id) ? "jointed" : "fixed";
            // Infinite planes only differ in their drawn size, which is not geometry an agent meets.
            var size = g.Shape == GeomShape.Plane ? "-" : Quantize(g.Size);
            return $"{kind}|{g.Shape.ToString().ToLowerInvariant()}|{size}|{Quantize(positions[g.Id])}";
        });
        if (definition is not null)
        {
            entries = entries.Append($"goal|{Quantize(definition.GoalZone.Min)}|{Quantize(definition.GoalZone.Max)}")
                .Concat(definition.ForbidZones.Select(z => $"forbid|{Quantize(z.Min)}|{Quantize(z.Max)}"));
        }
        entries = entries.Order(StringComparer.Ordinal);
        var text = string.Join("\n", entries);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Quantize(Vec3 v) => string.Join(",", new[] { v.X, v.Y, v.Z }.Select(Quantize));

    private static string Quantize(double value)
    {
        var q = Math.Round(value / QuantumMetres, MidpointRounding.AwayFromZero);
        return (q == 0 ? 0 : q).ToString("0", CultureInfo.InvariantCulture);
    }
}
