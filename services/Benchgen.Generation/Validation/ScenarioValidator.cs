using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Physics;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Validation;

/// <summary>
/// Checks every (seed, scale) run of a generator script in MuJoCo: the MJCF compiles, it has the planned free bodies and
/// shapes, the zones are consistent, nothing starts interpenetrated, and a simulation stays finite, calm, in bounds and
/// comes to rest with the payload where it started.
/// </summary>
public sealed class ScenarioValidator
{
    private readonly GenerationOptions _options;

    public ScenarioValidator(IOptions<GenerationOptions> options) => _options = options.Value;

    public ScenarioValidator(GenerationOptions options) : this(Options.Create(options)) { }

    /// <param name="roles">Role of each run ("canonical", "variant", "scale"), same order as <paramref name="runs"/>.</param>
    public ValidationReport Validate(ScenarioPlan plan, IReadOnlyList<ScriptRun> runs, IReadOnlyList<string>? roles = null)
    {
        var results = new List<SeedValidation>(runs.Count);
        DifficultyBreakdown? difficulty = null;
        for (var i = 0; i < runs.Count; i++)
        {
            var role = roles is not null && i < roles.Count ? roles[i] : i == 0 ? "canonical" : "variant";
            var (validation, measured) = ValidateRun(plan, runs[i], role);
            results.Add(validation);
            if (i == 0) difficulty = measured;
        }

        var passed = results.Count > 0 && results.All(r => r.Passed);
        var score = difficulty is null ? 0 : DifficultyScore.Compute(difficulty);
        return new ValidationReport(plan.Family, passed, Summarise(plan, results, passed), score, difficulty, Mujoco.Version, results);
    }

    private (SeedValidation, DifficultyBreakdown?) ValidateRun(ScenarioPlan plan, ScriptRun run, string role)
    {
        var checks = new List<ValidationCheck>();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run.Mjcf)));
        SeedValidation Result() => new(run.Seed, run.Scale, role, checks.All(c => c.Passed), sha, checks);

        BenchmarkDefinition definition;
        try
        {
            definition = BenchmarkDefinition.Read(run.Definition);
            checks.Add(new("definition", true, "definition has build, goal and forbid zones, payload and bounds"));
        }
        catch (FormatException ex)
        {
            checks.Add(new("definition", false, ex.Message));
            return (Result(), null);
        }
        CheckZones(definition, checks);
        if (definition.PayloadBody != plan.PayloadBody)
            checks.Add(new("payload", false, $"definition names payload {definition.PayloadBody}, the plan expects {plan.PayloadBody}"));

        MujocoModel model;
        try
        {
            model = MujocoModel.Compile(run.Mjcf, $"seed-{run.Seed}.xml");
            checks.Add(new("compiles", true, "MuJoCo compiled the MJCF"));
        }
        catch (MujocoException ex)
        {
            checks.Add(new("compiles", false, ex.Message));
            return (Result(), null);
        }

        using (model)
        {
            CheckStructure(plan, definition, model, checks);
            // Taller scenes need longer to come to rest; simulating longer beats loosening the settle limits.
            var duration = Math.Max(_options.SimulationSeconds, 2.0 + _options.SecondsPerFreeBody * plan.ExpectedFreeBodies);
            var report = model.Simulate(new SimulationOptions(duration, definition.SimulationBounds));
            CheckSimulation(plan, definition, report, run.Scale, checks);

            var payloadFinal = report.FinalStates.FirstOrDefault(s => s.Name == definition.PayloadBody)?.Position ?? definition.PayloadStart;
            var goalCentre = definition.GoalZone.Center;
            var goalSize = definition.GoalZone.Size;
            var buildSize = definition.BuildZone.Size;
            var measured = new DifficultyBreakdown(
                PayloadToGoal: Math.Round(Math.Sqrt(Sq(payloadFinal.X - goalCentre.X) + Sq(payloadFinal.Y - goalCentre.Y)), 5),
                WorkspaceSize: Math.Round(Math.Max(buildSize.X, buildSize.Y), 5),
                GoalSide: Math.Round(Math.Sqrt(goalSize.X * goalSize.Y), 5),
                Bodies: model.Bodies.Count(b => b.IsFree));
            return (Result(), measured);
        }
    }

    private static void CheckZones(BenchmarkDefinition d, List<ValidationCheck> checks)
    {
        var problems = new List<string>();
        if (!Inside(d.GoalZone, d.BuildZone)) problems.Add($"goal zone {Show(d.GoalZone)} is not inside the build zone {Show(d.BuildZone)}");
        if (d.GoalZone.Size.X <= 0 || d.GoalZone.Size.Y <= 0) problems.Add("goal zone has no floor area");
        for (var i = 0; i < d.ForbidZones.Count; i++)
        {
            if (Overlaps(d.GoalZone, d.ForbidZones[i])) problems.Add($"goal zone overlaps forbid zone {i}");
            if (d.ForbidZones[i].Contains(d.PayloadStart)) problems.Add($"payload starts inside forbid zone {i}");
        }
        var j = d.PayloadJitter;
        var reach = new Aabb(d.PayloadStart - new Vec3(Math.Abs(j.X), Math.Abs(j.Y), Math.Abs(j.Z)),
            d.PayloadStart + new Vec3(Math.Abs(j.X), Math.Abs(j.Y), Math.Abs(j.Z)));
        if (!Inside(reach, d.BuildZone)) problems.Add($"payload start {d.PayloadStart} ± jitter {j} leaves the build zone");
        if (!Inside(d.BuildZone, d.SimulationBounds)) problems.Add("build zone is not inside the simulation bounds");
        checks.Add(problems.Count == 0
            ? new("zones", true, "goal inside build zone, disjoint from forbid zones; payload start (± jitter) inside build zone")
            : new("zones", false, string.Join("; ", problems)));
    }

    private static void CheckStructure(ScenarioPlan plan, BenchmarkDefinition definition, MujocoModel model, List<ValidationCheck> checks)
    {
        var free = model.Bodies.Where(b => b.IsFree).ToArray();
        var problems = new List<string>();
        if (free.Length != plan.ExpectedFreeBodies)
            problems.Add($"{free.Length} free bodies, the plan expects {plan.ExpectedFreeBodies}");
        var missing = plan.FreeBodies.Except(free.Select(b => b.Name), StringComparer.Ordinal).ToArray();
        if (missing.Length > 0) problems.Add("missing free bodies: " + string.Join(", ", missing));
        var expectedShape = plan.Shape switch
        {
            PartShape.Cylinder => GeomShape.Cylinder,
            PartShape.Sphere => GeomShape.Sphere,
            _ => GeomShape.Box,
        };
        foreach (var body in free)
            if (!model.Geoms.Any(g => g.BodyId == body.Id && g.Shape == expectedShape))
                problems.Add($"{body.Name} has no {expectedShape.ToString().ToLowerInvariant()} geom");
        if (model.BodyId(definition.PayloadBody) < 0) problems.Add($"payload body {definition.PayloadBody} is not in the model");
        else
        {
            model.Reset();
            model.Forward();
            var actual = model.BodyPosition(model.BodyId(definition.PayloadBody));
            var offset = (actual - definition.PayloadStart).Length;
            if (offset > 1e-3) problems.Add($"payload starts at {actual}, the definition says {definition.PayloadStart}");
        }
        checks.Add(problems.Count == 0
            ? new("structure", true, $"{free.Length} free bodies, each with a {expectedShape.ToString().ToLowerInvariant()} geom", free.Length, plan.ExpectedFreeBodies)
            : new("structure", false, string.Join("; ", problems), free.Length, plan.ExpectedFreeBodies));
    }

    private void CheckSimulation(ScenarioPlan plan, BenchmarkDefinition definition, SimulationReport report, double scale, List<ValidationCheck> checks)
    {
        var tolerance = _options.PenetrationToleranceMetres;
        checks.Add(new("initial_penetration", report.InitialPenetration <= tolerance,
            report.InitialPenetration <= tolerance
                ? $"deepest initial contact {Metres(report.InitialPenetration)}"
                : $"bodies start interpenetrating by {Metres(report.InitialPenetration)} ({report.DeepestContact}), more than {Metres(tolerance)}",
            report.InitialPenetration, tolerance));
        checks.Add(new("finite", report.Finite,
            report.Finite ? $"simulated {report.SimulatedSeconds:0.###} s, state stayed finite" : "the simulation produced NaN or infinite state"));
        checks.Add(new("warnings", report.Warnings.Count == 0,
            report.Warnings.Count == 0 ? "MuJoCo raised no warnings" : "MuJoCo warnings: " + string.Join(", ", report.Warnings)));
        var speedOk = report.MaxBodySpeed <= _options.MaxBodySpeed && double.IsFinite(report.MaxBodySpeed);
        checks.Add(new("max_speed", speedOk,
            speedOk ? $"fastest body {report.MaxBodySpeed:0.####} m/s"
                    : $"{report.FastestBody} reached {report.MaxBodySpeed:0.##} m/s, above {_options.MaxBodySpeed} m/s: the scene explodes",
            Finite(report.MaxBodySpeed), _options.MaxBodySpeed));
        checks.Add(new("in_bounds", report.BodiesOutOfBounds.Count == 0,
            report.BodiesOutOfBounds.Count == 0 ? "all bodies stayed inside the simulation bounds"
                : "left the simulation bounds: " + string.Join(", ", report.BodiesOutOfBounds)));

        var slowest = report.FinalStates.Count == 0 ? 0 : report.FinalStates.Max(s => Finite(s.Speed));
        var calmest = report.FinalStates.Count == 0 ? 0 : report.FinalStates.Max(s => Finite(s.Acceleration));
        var settled = slowest < _options.SettledSpeed && calmest < _options.SettledAcceleration;
        checks.Add(new("settled", settled,
            settled ? $"at rest after {report.SimulatedSeconds:0.###} s (max speed {slowest:0.######} m/s, max acceleration {calmest:0.######} m/s²)"
                    : $"not at rest after {report.SimulatedSeconds:0.###} s: max speed {slowest:0.######} m/s (limit {_options.SettledSpeed}), max acceleration {calmest:0.######} m/s² (limit {_options.SettledAcceleration})",
            slowest, _options.SettledSpeed));

        // A resting scene keeps its payload where the definition says it starts (a stack that topples fails here).
        var payload = report.FinalStates.FirstOrDefault(s => s.Name == definition.PayloadBody);
        if (payload is not null)
        {
            var drift = (payload.Position - definition.PayloadStart).Length;
            var limit = 0.02 * scale;
            checks.Add(new("payload_rest", drift <= limit,
                drift <= limit ? $"payload stayed within {Metres(drift)} of its start"
                               : $"payload {plan.PayloadBody} moved {Metres(drift)} from its start (limit {Metres(limit)}): the scene does not stand",
                Finite(drift), limit));
        }
    }

    private static string Summarise(ScenarioPlan plan, IReadOnlyList<SeedValidation> runs, bool passed)
    {
        var seeds = string.Join(", ", runs.Select(r => r.Scale == 1.0 ? r.Seed.ToString(CultureInfo.InvariantCulture)
            : FormattableString.Invariant($"{r.Seed}@x{r.Scale}")));
        if (passed)
            return FormattableString.Invariant(
                $"passed: {runs.Count} runs (seeds {seeds}); {plan.ExpectedFreeBodies} free bodies settle without penetration, explosions or warnings");
        var failures = runs.Where(r => !r.Passed)
            .Select(r => FormattableString.Invariant($"seed {r.Seed} (scale {r.Scale}): ") +
                         string.Join("; ", r.Failures.Select(c => $"{c.Name}: {c.Detail}")));
        return $"failed: {string.Join(" | ", failures)}";
    }

    private static bool Inside(Aabb inner, Aabb outer) =>
        inner.Min.X >= outer.Min.X - 1e-9 && inner.Min.Y >= outer.Min.Y - 1e-9 && inner.Min.Z >= outer.Min.Z - 1e-9 &&
        inner.Max.X <= outer.Max.X + 1e-9 && inner.Max.Y <= outer.Max.Y + 1e-9 && inner.Max.Z <= outer.Max.Z + 1e-9;

    private static bool Overlaps(Aabb a, Aabb b) =>
        a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y && a.Min.Z < b.Max.Z && b.Min.Z < a.Max.Z;

    private static string Show(Aabb box) => $"{box.Min}–{box.Max}";
    private static string Metres(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture) + " m";
    private static double Finite(double value) => double.IsFinite(value) ? value : double.MaxValue;
    private static double Sq(double value) => value * value;
}
