using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Benchgen.Generation.Grading;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Physics;
using Benchgen.Tasks;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Validation;

/// <summary>
/// Checks every (seed, scale) run of a generator script in MuJoCo: the definition is well formed and its zones are
/// consistent; the MJCF compiles and matches the prompt (free bodies per shape, joints, colour); nothing starts
/// interpenetrated; a simulation stays finite, calm and in bounds and (where the plan says so) comes to rest; and the
/// family's reference solution brings the payload into the goal zone without entering a forbid zone. The canonical run
/// also yields the difficulty score (with a random-action baseline) and the geometric signature.
/// </summary>
public sealed class ScenarioValidator
{
    private readonly GenerationOptions _options;
    private readonly MujocoLimits _limits;
    private readonly Evaluator _evaluator;

    /// <param name="limits">The MuJoCo budget (configuration section <c>Mujoco</c>); the defaults when not registered.</param>
    public ScenarioValidator(IOptions<GenerationOptions> options, IOptions<MujocoLimits>? limits = null)
    {
        _options = options.Value;
        _limits = limits?.Value ?? MujocoLimits.Default;
        _evaluator = new Evaluator(_limits, _options.MaxBodySpeed, _options.PenetrationToleranceMetres);
    }

    public ScenarioValidator(GenerationOptions options, MujocoLimits? limits = null)
        : this(Options.Create(options), limits is null ? null : Options.Create(limits)) { }

    /// <summary>The MuJoCo budget every model compiled here is held to.</summary>
    public MujocoLimits Limits => _limits;

    /// <param name="roles">Role of each run ("canonical", "variant", "scale"), same order as <paramref name="runs"/>.</param>
    /// <param name="spec">The normalized TaskSpec the script was compiled from: each run's model is checked against it.</param>
    /// <param name="cancellationToken">
    /// Stops every simulation of the validation (runs, replays, random baseline) within
    /// <see cref="MujocoLimits.CheckEverySteps"/> steps: the call then throws <see cref="OperationCanceledException"/>.
    /// </param>
    public ValidationReport Validate(ScenarioPlan plan, IReadOnlyList<ScriptRun> runs, IReadOnlyList<string>? roles = null, TaskSpec? spec = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var results = new SeedValidation[runs.Count];
        CanonicalMeasures? canonical = null;
        (int Trials, int Successes) baseline = (0, 0);
        // Item 0 is the random baseline (the longest job, so it starts first); item i is run i − 1. Each item compiles
        // its own model, so runs share no MuJoCo state and use both cores.
        var parallelism = _options.ValidationParallelism > 0 ? _options.ValidationParallelism : Environment.ProcessorCount;
        try
        {
            Parallel.For(0, runs.Count + 1, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, item =>
            {
                if (item == 0)
                {
                    if (runs.Count > 0) baseline = RandomBaseline(plan, runs[0], cancellationToken);
                    return;
                }
                var i = item - 1;
                var role = roles is not null && i < roles.Count ? roles[i] : i == 0 ? "canonical" : "variant";
                var (validation, measured) = ValidateRun(plan, runs[i], role, spec, cancellationToken);
                results[i] = validation;
                if (i == 0) canonical = measured;
            });
        }
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
            // The models' step loops threw OperationCanceledException; report the cancellation itself.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }

        var passedRuns = results.Count(r => r.Passed);
        var passed = results.Length > 0 && passedRuns == results.Length;
        var fraction = results.Length == 0 ? 0 : Math.Round((double)passedRuns / results.Length, 5);
        DifficultyBreakdown? difficulty = canonical is null ? null : canonical.Difficulty with
        {
            RandomTrials = baseline.Trials,
            RandomSuccesses = baseline.Successes,
        };
        var score = difficulty is null ? 0 : DifficultyScore.Compute(difficulty);
        return new ValidationReport(plan.Family, passed, Summarise(plan, results, passed, fraction), score, difficulty, Mujoco.Version, results)
        {
            PassFraction = fraction,
            Signature = canonical?.Signature,
            ReferenceSolution = canonical?.Solution,
            ReferenceTrajectory = canonical?.Trajectory,
        };
    }

    private sealed record CanonicalMeasures(DifficultyBreakdown Difficulty, string Signature, JsonObject? Solution, Trajectory? Trajectory = null);

    private (SeedValidation, CanonicalMeasures?) ValidateRun(ScenarioPlan plan, ScriptRun run, string role, TaskSpec? spec, CancellationToken cancellationToken)
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
        var composed = plan.Family == TaskCompiler.Family || PresetCatalogue.Names.Contains(plan.Family);
        if (!composed && definition.PayloadBody != plan.PayloadBody)
            checks.Add(new("payload", false, $"definition names payload {definition.PayloadBody}, the plan expects {plan.PayloadBody}"));

        ResolvedTask? task = null;
        if (run.Definition[ResolvedTask.Key] is not null || spec is not null)
        {
            try
            {
                task = ResolvedTask.Read(run.Definition);
            }
            catch (FormatException ex)
            {
                checks.Add(new("task", false, "the definition's task block is unusable: " + ex.Message));
            }
        }

        ReferenceSolution? solution = null;
        // Composed tasks derive their solution from the goal; presets carry an explicit guide.
        if (!composed)
        {
            try
            {
                solution = ReferenceSolution.Read(run.Definition);
                if (solution.Body != definition.PayloadBody)
                {
                    checks.Add(new("reference_solution", false,
                        $"the reference solution drives {solution.Body}, but the payload is {definition.PayloadBody}"));
                    solution = null;
                }
            }
            catch (FormatException ex)
            {
                checks.Add(new("reference_solution", false, "no usable reference solution, so solvability is unproven: " + ex.Message));
            }
        }

        MujocoModel model;
        try
        {
            // The gate and the budget: no files, bounded sizes, and every step below counts against this model's budget.
            model = MujocoModel.Compile(run.Mjcf, $"seed-{run.Seed}.xml", _limits, cancellationToken);
            checks.Add(new("compiles", true, "MuJoCo compiled the MJCF"));
        }
        catch (MujocoException ex)
        {
            checks.Add(new("compiles", false, ex.Message));
            return (Result(), null);
        }

        using (model)
        {
            if (!composed)
            {
                checks.Add(PromptFidelity.Structure(plan, model));
                checks.Add(PromptFidelity.Joints(plan, model));
                checks.Add(PromptFidelity.Colour(plan, definition, model));
            }
            TaskScene? scene = null;
            if (task is not null)
            {
                try
                {
                    scene = new TaskScene(model, task);
                    if (spec is not null) checks.AddRange(TaskFidelity.Check(spec, task, scene));
                }
                catch (FormatException ex)
                {
                    checks.Add(new("task", false, ex.Message));
                }
            }
            CheckPayloadStart(definition, model, checks);
            try
            {
                // Taller scenes need longer to come to rest; simulating longer beats loosening the settle limits.
                var duration = Math.Max(_options.SimulationSeconds, 2.0 + _options.SecondsPerFreeBody * plan.ExpectedFreeBodies);
                var report = model.Simulate(new SimulationOptions(duration, definition.SimulationBounds));
                var settleAcceleration = plan.MustSettle ? WindowedAcceleration(model) : 0;
                CheckSimulation(plan, definition, report, settleAcceleration, run.Scale, checks);
            }
            catch (MujocoException ex)
            {
                checks.Add(new("simulation", false, "MuJoCo failed while simulating the scene: " + ex.Message));
            }

            Evaluation? outcome = null;
            var recorder = ReferenceRecording.For(role);
            SkillPlan? skillPlan = null;
            if (scene is null && solution is not null)
            {
                // A definition without a task block: the task is the payload at the goal zone.
                try { scene = new TaskScene(model, Evaluator.PayloadTask(model, definition)); }
                catch (FormatException ex) { checks.Add(new("reference_solution", false, "no task to grade the reference solution against: " + ex.Message)); }
            }
            if (scene is not null)
            {
                try
                {
                    var skills = solution is not null
                        ? new SkillPlan([new Skill
                        {
                            Name = "guide", Subject = solution.Body, MaxEffort = solution.MaxForce, Duration = solution.Duration,
                            Waypoints = solution.Waypoints.Select(w => new[] { w.X, w.Y, w.Z }).ToArray(),
                        }])
                        : ReferenceSkills.Derive(scene);
                    skillPlan = skills;
                    // The reference replay is graded by the one evaluator, like any agent's skills solution.
                    outcome = _evaluator.GradeOn(scene, definition, new GradingTarget(plan.Family, run.Seed, run.Scale, run.Mjcf, run.Definition),
                        new SkillsSolution(skills), recorder: recorder);
                    checks.Add(new("reference_solution", outcome.Success,
                        (outcome.Success ? "" : "the reference solution fails: ") + outcome.Reason + " [" + skills + "]",
                        outcome.Goal.Count(g => g.AtEnd), outcome.Goal.Count));
                }
                catch (FormatException ex)
                {
                    checks.Add(new("reference_solution", false, "no reference solution for this task, so it is unproven: " + ex.Message));
                }
            }

            if (role != "canonical") return (Result(), null);
            var payloadId = model.BodyId(definition.PayloadBody);
            var payloadGeom = payloadId > 0 ? PromptFidelity.VisibleGeom(model, payloadId) : null;
            var buildSize = definition.BuildZone.Size;
            var goalSize = definition.GoalZone.Size;
            var measured = new DifficultyBreakdown(
                PathLength: Math.Round(solution?.PathLength(definition.PayloadStart) ?? outcome?.PathLength ?? 0, 5),
                WorkspaceSize: Math.Round(Math.Max(buildSize.X, buildSize.Y), 5),
                GoalSide: Math.Round(Math.Sqrt(goalSize.X * goalSize.Y), 5),
                PayloadSize: Math.Round(payloadGeom is null ? 0 : FloorExtent(payloadGeom), 5),
                ForbidClearance: definition.ForbidZones.Count == 0 ? -1
                    : Math.Round(outcome is { MinForbidClearance: >= 0 } ? outcome.MinForbidClearance : GoalClearance(definition), 5),
                Bodies: model.Bodies.Count,
                Joints: model.Joints.Count(j => j.Kind != JointKind.Free),
                RandomTrials: 0,
                RandomSuccesses: 0);
            return (Result(), new CanonicalMeasures(measured, GeometricSignature.Compute(model, definition), skillPlan?.ToJson(),
                outcome is { Success: true } ? recorder?.Result : null));
        }
    }

    /// <summary>
    /// Random-action baseline on the canonical run: bounded random forces on the payload (max force from the reference
    /// solution, else 3 m g) for a fixed number of trials, RNG seeded from the scenario seed.
    /// </summary>
    private (int Trials, int Successes) RandomBaseline(ScenarioPlan plan, ScriptRun run, CancellationToken cancellationToken)
    {
        var trials = Math.Max(0, _options.RandomBaselineTrials);
        if (trials == 0) return (0, 0);
        try
        {
            var definition = BenchmarkDefinition.Read(run.Definition);
            using var model = MujocoModel.Compile(run.Mjcf, $"seed-{run.Seed}-baseline.xml", _limits, cancellationToken);
            var payload = model.BodyId(definition.PayloadBody);
            if (payload <= 0) return (0, 0);
            double maxForce;
            try { maxForce = ReferenceSolution.Read(run.Definition).MaxForce; }
            catch (FormatException) { maxForce = 3 * 9.81 * PayloadGuide.SubtreeMass(model, payload); }
            var scene = new TaskScene(model, run.Definition[ResolvedTask.Key] is JsonObject
                ? ResolvedTask.Read(run.Definition) : Evaluator.PayloadTask(model, definition));
            var target = new GradingTarget(plan.Family, run.Seed, run.Scale, run.Mjcf, run.Definition);
            var session = _evaluator.NewSession(scene, definition, Evaluator.ZoneNames(target, definition), null);
            maxForce = Math.Min(maxForce, session.HandForceLimit(definition.PayloadBody));
            var successes = 0;
            for (var t = 0; t < trials; t++)
            {
                var seed = unchecked((ulong)(uint)run.Seed * 0x9E3779B97F4A7C15UL + (ulong)t);
                var trial = RandomTrajectory(definition.PayloadBody, PayloadGuide.SubtreeMass(model, payload), maxForce,
                    _options.RandomBaselineSeconds, model.Timestep, seed);
                // Graded by the one evaluator: success is the goal itself (every predicate), clear of forbid zones, stable.
                if (_evaluator.GradeOn(scene, definition, target, trial).Success) successes++;
            }
            return (trials, successes);
        }
        catch (Exception ex) when (ex is FormatException or MujocoException)
        {
            // The run's own checks report why the definition or the model is unusable.
            return (0, 0);
        }
    }

    /// <summary>
    /// One random-action trial as a trajectory solution: every 0.1 s a force drawn uniformly from the ball of radius
    /// <paramref name="maxForce"/>, plus gravity compensation, clamped to <paramref name="maxForce"/>, on the payload.
    /// </summary>
    public static TrajectorySolution RandomTrajectory(string body, double mass, double maxForce, double seconds, double timestep, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var points = new List<HandSetpoint>();
        var period = Math.Max(1, (int)Math.Round(0.1 / timestep)) * timestep;
        for (var i = 0; i * period < seconds - 1e-9; i++)
        {
            var f = RandomInBall(rng) * maxForce + new Vec3(0, 0, mass * 9.81);
            var n = f.Length;
            if (n > maxForce && n > 0) f = f * (maxForce / n);
            points.Add(new HandSetpoint(Math.Round(i * period, 9), body, f, default, null));
        }
        return new TrajectorySolution(points, seconds);
    }

    private static Vec3 RandomInBall(SplitMix64 rng)
    {
        while (true)
        {
            var v = new Vec3(2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1);
            if (v.Length <= 1) return v;
        }
    }

    private static void CheckZones(BenchmarkDefinition d, List<ValidationCheck> checks)
    {
        var goal = new List<string>();
        if (!Inside(d.GoalZone, d.BuildZone)) goal.Add($"goal zone {Show(d.GoalZone)} is not inside the build zone {Show(d.BuildZone)}, so it cannot be reached while building only there");
        if (d.GoalZone.Size.X <= 0 || d.GoalZone.Size.Y <= 0) goal.Add("goal zone has no floor area");
        checks.Add(goal.Count == 0
            ? new("goal_in_build_zone", true, "goal zone lies inside the build zone")
            : new("goal_in_build_zone", false, string.Join("; ", goal)));

        var overlapping = Enumerable.Range(0, d.ForbidZones.Count).Where(i => Overlaps(d.GoalZone, d.ForbidZones[i])).ToArray();
        checks.Add(overlapping.Length == 0
            ? new("goal_forbid_disjoint", true, $"goal zone is disjoint from all {d.ForbidZones.Count} forbid zones")
            : new("goal_forbid_disjoint", false, string.Join("; ", overlapping.Select(i =>
                $"goal zone {Show(d.GoalZone)} overlaps forbid zone {i} {Show(d.ForbidZones[i])}"))));

        var start = new List<string>();
        var j = d.PayloadJitter;
        var spread = new Vec3(Math.Abs(j.X), Math.Abs(j.Y), Math.Abs(j.Z));
        if (!Inside(new Aabb(d.PayloadStart - spread, d.PayloadStart + spread), d.BuildZone))
            start.Add($"payload start {d.PayloadStart} ± jitter {j} leaves the build zone {Show(d.BuildZone)}");
        for (var i = 0; i < d.ForbidZones.Count; i++)
            if (d.ForbidZones[i].Contains(d.PayloadStart)) start.Add($"payload starts inside forbid zone {i}");
        checks.Add(start.Count == 0
            ? new("payload_start", true, "payload start ± runtime jitter lies inside the build zone, outside every forbid zone")
            : new("payload_start", false, string.Join("; ", start)));

        checks.Add(Inside(d.BuildZone, d.SimulationBounds)
            ? new("build_zone_in_bounds", true, "build zone lies inside the simulation bounds")
            : new("build_zone_in_bounds", false, $"build zone {Show(d.BuildZone)} is not inside the simulation bounds {Show(d.SimulationBounds)}"));
    }

    private static void CheckPayloadStart(BenchmarkDefinition definition, MujocoModel model, List<ValidationCheck> checks)
    {
        var problems = new List<string>();
        var payload = model.BodyId(definition.PayloadBody);
        if (payload <= 0) problems.Add($"payload body {definition.PayloadBody} is not in the model");
        else
        {
            model.Reset();
            var actual = model.BodyPosition(payload);
            var offset = (actual - definition.PayloadStart).Length;
            if (offset > 1e-3) problems.Add($"payload starts at {actual}, the definition says {definition.PayloadStart}");
        }
        // Every body must start inside the simulation bounds, not only leave them later.
        var outside = model.Bodies.Where(b => !definition.SimulationBounds.Contains(model.BodyPosition(b.Id))).Select(b => b.Name).ToArray();
        if (outside.Length > 0) problems.Add("bodies start outside the simulation bounds: " + string.Join(", ", outside));
        checks.Add(problems.Count == 0
            ? new("payload_placed", true, "payload starts where the definition says; every body starts inside the simulation bounds")
            : new("payload_placed", false, string.Join("; ", problems)));
    }

    /// <summary>Seconds over which the settle check measures acceleration.</summary>
    public const double SettleWindowSeconds = 0.05;

    /// <summary>
    /// The largest free-body acceleration averaged over the <see cref="SettleWindowSeconds"/> after the simulation
    /// (|Δv| / Δt), measured by stepping on from the final state. MuJoCo's instantaneous contact acceleration of a
    /// block resting on two supports (a pyramid) jitters at 0.01–0.06 m/s² step to step with no net motion; the mean
    /// over a short window is what "at rest" means, and the 1e-2 m/s² limit stays as it is.
    /// </summary>
    public static double WindowedAcceleration(MujocoModel model)
    {
        var free = model.Bodies.Where(b => b.IsFree).Select(b => b.Id).ToArray();
        if (free.Length == 0) return 0;
        var before = free.Select(model.BodyLinearVelocity).ToArray();
        var start = model.Time;
        model.Step(Math.Max(1, (int)Math.Round(SettleWindowSeconds / model.Timestep)));
        var elapsed = model.Time - start;
        var worst = 0.0;
        for (var i = 0; i < free.Length; i++)
        {
            var change = (model.BodyLinearVelocity(free[i]) - before[i]).Length / elapsed;
            worst = Math.Max(worst, double.IsFinite(change) ? change : double.PositiveInfinity);
        }
        return worst;
    }

    private void CheckSimulation(ScenarioPlan plan, BenchmarkDefinition definition, SimulationReport report, double settleAcceleration,
        double scale, List<ValidationCheck> checks)
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

        if (!plan.MustSettle)
        {
            checks.Add(new("settled", true, "not required: the family's scene moves by design"));
            return;
        }
        var slowest = report.FinalStates.Count == 0 ? 0 : report.FinalStates.Max(s => Finite(s.Speed));
        var calmest = settleAcceleration;
        var settled = slowest < _options.SettledSpeed && calmest < _options.SettledAcceleration;
        checks.Add(new("settled", settled,
            settled ? $"at rest after {report.SimulatedSeconds:0.###} s (max speed {slowest:0.######} m/s, max acceleration over the last {SettleWindowSeconds * 1000:0} ms {calmest:0.######} m/s²)"
                    : $"not at rest after {report.SimulatedSeconds:0.###} s: max speed {slowest:0.######} m/s (limit {_options.SettledSpeed}), max acceleration over the last {SettleWindowSeconds * 1000:0} ms {calmest:0.######} m/s² (limit {_options.SettledAcceleration})",
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

    private static string Summarise(ScenarioPlan plan, IReadOnlyList<SeedValidation> runs, bool passed, double fraction)
    {
        var seeds = string.Join(", ", runs.Select(r => r.Scale == 1.0 ? r.Seed.ToString(CultureInfo.InvariantCulture)
            : FormattableString.Invariant($"{r.Seed}@x{r.Scale}")));
        if (passed)
            return FormattableString.Invariant(
                $"passed: {runs.Count} runs (seeds {seeds}); {plan.ExpectedFreeBodies} free bodies match the prompt, start clear, stay stable{(plan.MustSettle ? " and settle" : "")}, and the reference solution reaches the goal");
        var failures = runs.Where(r => !r.Passed)
            .Select(r => FormattableString.Invariant($"seed {r.Seed} (scale {r.Scale}): ") +
                         string.Join("; ", r.Failures.Select(c => $"{c.Name}: {c.Detail}")));
        return FormattableString.Invariant($"failed ({fraction:P0} of {runs.Count} runs passed): ") + string.Join(" | ", failures);
    }

    /// <summary>Largest floor extent of a geom (diameter for round shapes, longer side for boxes).</summary>
    private static double FloorExtent(GeomInfo geom) => geom.Shape switch
    {
        GeomShape.Box or GeomShape.Ellipsoid => 2 * Math.Max(geom.Size.X, geom.Size.Y),
        GeomShape.Sphere or GeomShape.Cylinder or GeomShape.Capsule => 2 * geom.Size.X,
        _ => 2 * geom.BoundingRadius,
    };

    private static double GoalClearance(BenchmarkDefinition d) =>
        d.ForbidZones.Min(z => PayloadGuide.Distance(z, ClosestPoint(d.GoalZone, z.Center)));

    private static Vec3 ClosestPoint(Aabb box, Vec3 p) => new(
        Math.Clamp(p.X, box.Min.X, box.Max.X), Math.Clamp(p.Y, box.Min.Y, box.Max.Y), Math.Clamp(p.Z, box.Min.Z, box.Max.Z));

    private static bool Inside(Aabb inner, Aabb outer) =>
        inner.Min.X >= outer.Min.X - 1e-9 && inner.Min.Y >= outer.Min.Y - 1e-9 && inner.Min.Z >= outer.Min.Z - 1e-9 &&
        inner.Max.X <= outer.Max.X + 1e-9 && inner.Max.Y <= outer.Max.Y + 1e-9 && inner.Max.Z <= outer.Max.Z + 1e-9;

    private static bool Overlaps(Aabb a, Aabb b) =>
        a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y && a.Min.Z < b.Max.Z && b.Min.Z < a.Max.Z;

    private static string Show(Aabb box) => $"{box.Min}–{box.Max}";
    private static string Metres(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture) + " m";
    private static double Finite(double value) => double.IsFinite(value) ? value : double.MaxValue;
}
