using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Grading;

/// <summary>One seed of one benchmark to grade against: its MJCF and its definition (with the <c>task</c> block).</summary>
/// <param name="ZoneNames">Names of the forbid zones in order (default <c>forbid_zone_N</c>, the model's site names).</param>
public sealed record GradingTarget(string Benchmark, int Seed, double Scale, string Mjcf, JsonObject Definition, IReadOnlyList<string>? ZoneNames = null);

/// <summary>A benchmark that cannot be graded at all (its definition or model is unusable) — not the solution's fault.</summary>
public sealed class BenchmarkUnusableException(string message) : Exception(message);

/// <summary>A goal predicate's truth at the end and the first simulated time it was true (null: never).</summary>
public sealed record GoalReport(string Predicate, bool AtEnd, double? FirstTrue, string Detail);

/// <summary>One constraint of the benchmark checked against the solution (mass, unit cost, the hand's limits).</summary>
public sealed record ConstraintReport(string Name, bool Passed, double Value, double Limit, string Detail);

/// <summary>The grade of one solution on one seed (README "Grading").</summary>
public sealed record Evaluation(
    string Benchmark, int Seed, double Scale, string Kind, bool Success, string Reason,
    IReadOnlyList<GoalReport> Goal, IReadOnlyList<ZoneContact> ForbidContacts, IReadOnlyList<string> BuildZoneViolations,
    IReadOnlyList<ConstraintReport> Constraints, double Effort, double SimTime, IReadOnlyList<string> Warnings, bool Stable,
    IReadOnlyList<string> Steps, double WallSeconds)
{
    /// <summary>Closest approach of a watched body to a forbid zone (−1 without zones); the difficulty's clearance.</summary>
    public double MinForbidClearance { get; init; } = -1;

    /// <summary>Every body's pose and velocity and every joint's position at the end (<see cref="GradingSession.Snapshot"/>).</summary>
    public JsonObject? FinalState { get; init; }

    /// <summary>Length of the skills' planned path (0 for other kinds); the difficulty's path term.</summary>
    public double PathLength { get; init; }

    public JsonObject ToJson() => new()
    {
        ["benchmark"] = Benchmark,
        ["seed"] = Seed,
        ["scale"] = Scale,
        ["kind"] = Kind,
        ["success"] = Success,
        ["reason"] = Reason,
        ["goal"] = new JsonArray(Goal.Select(g => (JsonNode)new JsonObject
        {
            ["predicate"] = g.Predicate, ["at_end"] = g.AtEnd, ["first_true"] = g.FirstTrue, ["detail"] = g.Detail,
        }).ToArray()),
        ["forbid_contacts"] = new JsonArray(ForbidContacts.Select(c => (JsonNode)new JsonObject
        {
            ["zone"] = c.Zone, ["body"] = c.Body, ["time"] = c.Time,
        }).ToArray()),
        ["build_zone_violations"] = new JsonArray(BuildZoneViolations.Select(v => (JsonNode)v).ToArray()),
        ["constraints"] = new JsonArray(Constraints.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name, ["passed"] = c.Passed, ["value"] = Finite(c.Value), ["limit"] = Finite(c.Limit), ["detail"] = c.Detail,
        }).ToArray()),
        ["effort"] = Effort,
        ["sim_time"] = SimTime,
        ["warnings"] = new JsonArray(Warnings.Select(w => (JsonNode)w).ToArray()),
        ["stable"] = Stable,
        ["steps"] = new JsonArray(Steps.Select(s => (JsonNode)s).ToArray()),
        ["wall_seconds"] = Math.Round(WallSeconds, 4),
        ["final_state"] = FinalState?.DeepClone(),
    };

    private static double Finite(double v) => double.IsFinite(v) ? Math.Round(v, 6) : double.MaxValue;
}

/// <summary>
/// The one grader: the validator's reference replay, its random baseline, <c>benchgen evaluate</c>, batch grading and the
/// step interface all grade through it. It compiles the seed's model (with a design merged in, after the design gate) within
/// the MuJoCo budget, binds the task's predicates, runs the solution — skills through the oracle's <see cref="SkillExecutor"/>,
/// trajectories and designs through <see cref="GradingSession"/> — and reports success: every goal predicate true
/// <see cref="SkillExecutor.SettleSeconds"/> after the hand lets go, no forbid zone entered, stable, within every constraint.
/// </summary>
public sealed class Evaluator(MujocoLimits? limits = null, double maxBodySpeed = 100.0, double penetrationTolerance = 0.002)
{
    private readonly MujocoLimits _limits = limits ?? MujocoLimits.Default;

    public MujocoLimits Limits => _limits;

    /// <summary>Grades <paramref name="solution"/>; throws <see cref="SolutionFormatException"/> for a design the gate refuses and
    /// <see cref="BenchmarkUnusableException"/> when the benchmark itself cannot be graded.</summary>
    public Evaluation Evaluate(GradingTarget target, Solution solution, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var result = Grade(target, solution, cancellationToken);
        return result with { WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 4) };
    }

    private Evaluation Grade(GradingTarget target, Solution solution, CancellationToken cancellationToken)
    {
        BenchmarkDefinition definition;
        try
        {
            definition = BenchmarkDefinition.Read(target.Definition);
        }
        catch (FormatException ex)
        {
            throw new BenchmarkUnusableException("the benchmark's definition is unusable: " + ex.Message);
        }
        var constraints = new List<ConstraintReport>();
        var buildViolations = new List<string>();
        var mjcf = target.Mjcf;
        CheckedDesign? design = null;
        if (solution is DesignSolution d)
        {
            design = DesignGate.Check(d, target.Mjcf);
            var (maxWeight, maxCost) = Constraints(target.Definition);
            constraints.Add(new("mass", design.Mass <= maxWeight, design.Mass, maxWeight,
                Invariant($"the design weighs {design.Mass:0.####} kg (limit {maxWeight:0.####} kg)")));
            constraints.Add(new("unit_cost", design.UnitCost <= maxCost, design.UnitCost, maxCost,
                Invariant($"the design costs {design.UnitCost:0.##} (limit {maxCost:0.##}; volume {design.Volume:0.######} m³ × material price, {DesignGate.JointCost} per joint, {DesignGate.MotorCost} per motor)")));
            if (constraints.Any(c => !c.Passed))
                return Rejected(target, solution, constraints, buildViolations, "the design breaks the benchmark's constraints: " +
                    string.Join("; ", constraints.Where(c => !c.Passed).Select(c => c.Detail)));
            mjcf = design.Mjcf;
        }

        MujocoModel model;
        try
        {
            model = MujocoModel.Compile(mjcf, $"{target.Benchmark}-seed-{target.Seed}.xml", _limits, cancellationToken);
        }
        catch (MujocoException ex)
        {
            if (design is null) throw new BenchmarkUnusableException("the benchmark's model does not compile: " + ex.Message);
            return Rejected(target, solution, constraints, buildViolations, "MuJoCo refused the design: " + ex.Message);
        }

        using (model)
        {
            TaskScene scene;
            try
            {
                var task = target.Definition[ResolvedTask.Key] is JsonObject ? ResolvedTask.Read(target.Definition) : PayloadTask(model, definition);
                scene = new TaskScene(model, task);
                scene.Reset();
            }
            catch (FormatException ex)
            {
                throw new BenchmarkUnusableException("the benchmark's task is unusable: " + ex.Message);
            }

            if (design is not null)
            {
                CheckPlacement(model, definition, design, buildViolations);
                if (buildViolations.Count > 0)
                    return Rejected(target, solution, constraints, buildViolations, "the design is not placed legally: " + string.Join("; ", buildViolations));
            }

            return GradeOn(scene, definition, target, solution, constraints, buildViolations, design?.Motors, design?.Bodies);
        }
    }

    /// <summary>
    /// Grades a skills or trajectory solution (or a design already merged into the model, with its motors) on a compiled
    /// scene: the validator grades its reference replay and random baseline on its own model through this.
    /// </summary>
    /// <param name="recorder">Records a skills replay's qpos (the validator's canonical run, for the animation); read-only.</param>
    public Evaluation GradeOn(TaskScene scene, BenchmarkDefinition definition, GradingTarget target, Solution solution,
        List<ConstraintReport>? constraints = null, List<string>? buildViolations = null, IReadOnlyList<DesignMotor>? motors = null,
        IReadOnlyList<string>? designBodies = null, TrajectoryRecorder? recorder = null)
    {
        constraints ??= [];
        buildViolations ??= [];
        var zoneNames = ZoneNames(target, definition);
        var model = scene.Model;
        try
        {
            return solution switch
            {
                SkillsSolution s => RunSkills(target, scene, definition, zoneNames, s, constraints, recorder),
                TrajectorySolution t => RunSession(target, solution, constraints, buildViolations,
                    NewSession(scene, definition, zoneNames, null), session => Play(session, t)),
                DesignSolution ds => RunSession(target, solution, constraints, buildViolations,
                    new GradingSession(scene.Model, scene, definition.ForbidZones, zoneNames, maxBodySpeed, motors, designBodies), session => Play(session, ds)),
                _ => throw new ArgumentOutOfRangeException(nameof(solution)),
            };
        }
        catch (MujocoException ex)
        {
            // An unstable solution or one past the budget is a graded failure with MuJoCo's reason, never a crash.
            return Rejected(target, solution, constraints, buildViolations, "MuJoCo stopped the run: " + ex.Message) with
            {
                Warnings = SafeWarnings(model), SimTime = Math.Round(model.Time, 5),
            };
        }
    }

    /// <summary>The forbid zones' names: the target's, else <c>forbid_zone_N</c> (the model's site names).</summary>
    public static IReadOnlyList<string> ZoneNames(GradingTarget target, BenchmarkDefinition definition) =>
        Enumerable.Range(0, definition.ForbidZones.Count)
            .Select(i => target.ZoneNames is { } n && i < n.Count ? n[i] : $"forbid_zone_{i}").ToArray();

    /// <summary>
    /// Compiles a seed's model and binds its task for the step interface (<c>benchgen env</c>): the caller owns the model.
    /// </summary>
    public (TaskScene Scene, BenchmarkDefinition Definition, GradingSession Session) Open(GradingTarget target, CancellationToken cancellationToken = default)
    {
        BenchmarkDefinition definition;
        try { definition = BenchmarkDefinition.Read(target.Definition); }
        catch (FormatException ex) { throw new BenchmarkUnusableException("the benchmark's definition is unusable: " + ex.Message); }
        MujocoModel model;
        try { model = MujocoModel.Compile(target.Mjcf, $"{target.Benchmark}-seed-{target.Seed}.xml", _limits, cancellationToken); }
        catch (MujocoException ex) { throw new BenchmarkUnusableException("the benchmark's model does not compile: " + ex.Message); }
        try
        {
            var task = target.Definition[ResolvedTask.Key] is JsonObject ? ResolvedTask.Read(target.Definition) : PayloadTask(model, definition);
            var scene = new TaskScene(model, task);
            return (scene, definition, NewSession(scene, definition, ZoneNames(target, definition), null));
        }
        catch (FormatException ex)
        {
            model.Dispose();
            throw new BenchmarkUnusableException("the benchmark's task is unusable: " + ex.Message);
        }
    }

    /// <summary>Grades what a step-interface session did so far as a trajectory: lets go, settles, judges (same as evaluate).</summary>
    public static Evaluation Conclude(GradingTarget target, GradingSession session) =>
        RunSession(target, new TrajectorySolution([], session.Time), [], [], session, _ => { });

    /// <summary>A session on a compiled scene (the step interface uses this too).</summary>
    public GradingSession NewSession(TaskScene scene, BenchmarkDefinition definition, IReadOnlyList<string> zoneNames, IReadOnlyList<DesignMotor>? motors) =>
        new(scene.Model, scene, definition.ForbidZones, zoneNames, maxBodySpeed, motors);

    /// <summary>Plays a trajectory: each group of set-points with one time is held until the next time; the hand lets go at the duration.</summary>
    public static void Play(GradingSession session, TrajectorySolution trajectory)
    {
        foreach (var group in trajectory.Setpoints.Where(p => p.Time < trajectory.Duration).GroupBy(p => p.Time))
        {
            session.AdvanceTo(group.Key);
            if (session.Unstable) return;
            session.Hold(group);
        }
        session.AdvanceTo(trajectory.Duration);
    }

    private static void Play(GradingSession session, DesignSolution design)
    {
        var controls = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in design.Schedule.Where(p => p.Time < design.Duration).GroupBy(p => p.Time))
        {
            session.AdvanceTo(group.Key);
            if (session.Unstable) return;
            foreach (var e in group) controls[e.Actuator] = e.Control;
            session.Hold([], controls);
        }
        session.AdvanceTo(design.Duration);
    }

    private Evaluation RunSkills(GradingTarget target, TaskScene scene, BenchmarkDefinition definition, IReadOnlyList<string> zoneNames,
        SkillsSolution solution, List<ConstraintReport> constraints, TrajectoryRecorder? recorder)
    {
        var executor = new SkillExecutor(scene, definition.ForbidZones, target.Scale, maxBodySpeed) { Recorder = recorder };
        var outcome = executor.Run(solution.Plan);
        var contacts = executor.ForbidContacts.Select(c => new ZoneContact(zoneNames[c.Zone], c.Body, c.Time)).ToArray();
        var goal = outcome.Goal.Select(g => new GoalReport(g.Predicate.ToString(), g.AtEnd, g.FirstTrue, g.Detail)).ToArray();
        var reason = outcome.Succeeded ? "solved: " + string.Join("; ", outcome.Goal.Select(g => $"{g.Predicate}: {g.Detail}"))
            : outcome.ForbidZoneEntered is not null ? $"entered {outcome.ForbidZoneEntered}" + (contacts.Length > 0 ? $" [{contacts[0].Zone} at t={contacts[0].Time.ToString(CultureInfo.InvariantCulture)} s]" : "")
            : outcome.Detail;
        return new Evaluation(target.Benchmark, target.Seed, target.Scale, solution.Kind, outcome.Succeeded, reason, goal, contacts, [], constraints,
            outcome.Effort, outcome.SimulatedSeconds, outcome.Warnings, outcome.Stable, outcome.Steps, 0)
        {
            MinForbidClearance = outcome.MinForbidClearance,
            PathLength = outcome.PathLength,
            FinalState = GradingSession.Snapshot(scene.Model),
        };
    }

    private static Evaluation RunSession(GradingTarget target, Solution solution, List<ConstraintReport> constraints, List<string> buildViolations,
        GradingSession session, Action<GradingSession> play)
    {
        string? failure = null;
        try
        {
            play(session);
        }
        catch (FormatException ex)
        {
            failure = "the solution could not run: " + ex.Message;
        }
        var outcome = session.Finish();
        var final = GradingSession.Snapshot(session.Model);
        constraints.Add(new("hand_limit", outcome.LimitViolations.Count == 0, outcome.LimitViolations.Count, 0,
            outcome.LimitViolations.Count == 0 ? "every command within the hand's limits" : "clamped: " + string.Join("; ", outcome.LimitViolations.Take(5))));
        var goal = outcome.Goal.Select(g => new GoalReport(g.Predicate.ToString(), g.AtEnd, g.FirstTrue, g.Detail)).ToArray();
        var allTrue = outcome.Goal.All(g => g.AtEnd);
        var reason = failure
                     ?? (!outcome.Stable ? Invariant($"unstable: a body reached {outcome.MaxSpeed:0.#} m/s or MuJoCo reported {string.Join(", ", outcome.Warnings)}")
                         : outcome.Contacts.Count > 0 ? $"entered {outcome.Contacts[0].Zone} ({outcome.Contacts[0].Body} at t={outcome.Contacts[0].Time.ToString(CultureInfo.InvariantCulture)} s)"
                         : constraints.FirstOrDefault(c => !c.Passed) is { } broken ? $"{broken.Name}: {broken.Detail}"
                         : allTrue ? $"solved: goal holds {SkillExecutor.SettleSeconds} s after release: " + string.Join("; ", outcome.Goal.Select(g => $"{g.Predicate}: {g.Detail}"))
                         : "goal not reached: " + string.Join("; ", outcome.Goal.Where(g => !g.AtEnd).Select(g => $"{g.Predicate} is false: {g.Detail}")));
        var success = failure is null && outcome.Stable && outcome.Contacts.Count == 0 && allTrue && constraints.All(c => c.Passed) && buildViolations.Count == 0;
        return new Evaluation(target.Benchmark, target.Seed, target.Scale, solution.Kind, success, reason, goal, outcome.Contacts, buildViolations,
            constraints, outcome.Effort, outcome.SimulatedSeconds, outcome.Warnings, outcome.Stable, [], 0)
        {
            MinForbidClearance = outcome.MinForbidClearance,
            FinalState = final,
        };
    }

    private void CheckPlacement(MujocoModel model, BenchmarkDefinition definition, CheckedDesign design, List<string> violations)
    {
        model.Reset();
        model.Forward();
        var boxes = model.GeomBoxes();
        var zone = definition.BuildZone;
        const double eps = 1e-6;
        foreach (var name in design.Geoms)
        {
            var g = model.Geoms.FirstOrDefault(x => x.Name == name);
            if (g is null) continue;
            var b = boxes[g.Id];
            if (b.Min.X < zone.Min.X - eps || b.Min.Y < zone.Min.Y - eps || b.Min.Z < zone.Min.Z - eps ||
                b.Max.X > zone.Max.X + eps || b.Max.Y > zone.Max.Y + eps || b.Max.Z > zone.Max.Z + eps)
                violations.Add($"geom {name} spans {b.Min}–{b.Max}, outside the build zone {zone.Min}–{zone.Max}");
        }
        var (depth, g1, g2) = model.DeepestContactPair();
        if (depth > penetrationTolerance && (design.Geoms.Contains(g1) || design.Geoms.Contains(g2)))
            violations.Add(Invariant($"geoms {g1} and {g2} start interpenetrating by {depth:0.#####} m (more than {penetrationTolerance} m)"));
    }

    private static (double MaxWeight, double MaxCost) Constraints(JsonObject definition)
    {
        var c = definition["constraints"] as JsonObject;
        double Read(string key) => c?[key] is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : double.PositiveInfinity;
        return (Read("max_weight"), Read("max_unit_cost"));
    }

    private static Evaluation Rejected(GradingTarget target, Solution solution, IReadOnlyList<ConstraintReport> constraints,
        IReadOnlyList<string> buildViolations, string reason) =>
        new(target.Benchmark, target.Seed, target.Scale, solution.Kind, false, reason, [], [], buildViolations, constraints, 0, 0, [], true, [], 0);

    private static IReadOnlyList<string> SafeWarnings(MujocoModel model)
    {
        try { return model.ActiveWarnings(); }
        catch (MujocoException) { return []; }
    }

    /// <summary>
    /// A definition without a <c>task</c> block (a hand-made or older benchmark): the task is the payload at the goal zone,
    /// the payload's extent its geoms' box at the start.
    /// </summary>
    public static ResolvedTask PayloadTask(MujocoModel model, BenchmarkDefinition definition)
    {
        var body = model.BodyId(definition.PayloadBody);
        if (body <= 0) throw new FormatException($"payload body {definition.PayloadBody} is not in the model");
        model.Reset();
        model.Forward();
        var boxes = model.GeomBoxes();
        var origin = model.BodyPosition(body);
        var own = model.Geoms.Where(g => g.BodyId == body).Select(g => boxes[g.Id]).ToArray();
        var extent = own.Length == 0
            ? new LocalBox(new Vec3(-0.01, -0.01, -0.01), new Vec3(0.01, 0.01, 0.01))
            : new LocalBox(new Vec3(own.Min(b => b.Min.X), own.Min(b => b.Min.Y), own.Min(b => b.Min.Z)) - origin,
                new Vec3(own.Max(b => b.Max.X), own.Max(b => b.Max.Y), own.Max(b => b.Max.Z)) - origin);
        var payload = new ResolvedObject(definition.PayloadBody, "payload", definition.PayloadBody, definition.PayloadBody, true, null, null, extent,
            new Dictionary<string, TaskAnchor>(), new Dictionary<string, TaskPart>());
        return new ResolvedTask(null, 1, [payload], [], [new Predicate("at", definition.PayloadBody, "goal")], definition.GoalZone);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
