using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Benchgen.Tasks;

namespace Benchgen.Generation.Tasks;

/// <summary>
/// Checks a compiled model against the TaskSpec it was compiled from (TASKS.md §4): every object present as a body of
/// the right kind, count and colour; every part present with a joint of the right type; the initial predicates true
/// at t = 0 and the goal not yet reached. One check per concern, as the validator reports them.
/// </summary>
public static class TaskFidelity
{
    /// <param name="spec">The normalized spec (counts expanded).</param>
    public static IReadOnlyList<ValidationCheck> Check(TaskSpec spec, ResolvedTask task, TaskScene scene)
    {
        var model = scene.Model;
        var checks = new List<ValidationCheck>();

        var objectProblems = new List<string>();
        foreach (var o in spec.Objects)
        {
            var resolved = task.Object(o.Id);
            if (resolved is null) { objectProblems.Add($"{o.Id} ({o.Kind}) is missing from the compiled task"); continue; }
            if (resolved.Kind != o.Kind) objectProblems.Add($"{o.Id} was built as a {resolved.Kind}, the spec asks for a {o.Kind}");
            var body = scene.BodyId(resolved.Body);
            if (body < 0 || (body == 0 && resolved.Body != "world")) { objectProblems.Add($"{o.Id}'s body {resolved.Body} is not in the model"); continue; }
            var kind = AssetLibrary.Find(o.Kind);
            var isFree = body > 0 && model.Bodies[body - 1].IsFree;
            if (kind is not null && kind.Free != isFree)
                objectProblems.Add($"{o.Id} is {(isFree ? "free" : "fixed")} in the model, but a {o.Kind} is {(kind.Free ? "free" : "fixed")}");
        }
        var extra = task.Objects.Where(r => spec.Objects.All(o => o.Id != r.Id)).Select(r => r.Id).ToArray();
        if (extra.Length > 0) objectProblems.Add("the model has objects the spec does not: " + string.Join(", ", extra));
        var counts = string.Join(", ", spec.Objects.GroupBy(o => o.Kind).Select(g => $"{g.Count()} {g.Key}"));
        checks.Add(objectProblems.Count == 0
            ? new("task_objects", true, $"every object of the spec is in the model as its own body ({counts})")
            : new("task_objects", false, string.Join("; ", objectProblems)));

        var colourProblems = new List<string>();
        var coloured = 0;
        foreach (var o in spec.Objects.Where(o => o.Colour is not null))
        {
            var asked = TaskVocabulary.Rgba(o.Colour);
            var resolved = task.Object(o.Id);
            if (asked is null || resolved is null) continue;
            coloured++;
            var body = scene.BodyId(resolved.Body);
            var shown = model.Geoms.Where(g => g.BodyId == body && g.Rgba[3] > 0.05f).Select(g => g.Rgba).ToArray();
            if (!shown.Any(rgba => PromptFidelity.Matches(asked, rgba)))
                colourProblems.Add($"{o.Id} should be {o.Colour} but its geoms show " +
                                   (shown.Length == 0 ? "nothing" : string.Join(", ", shown.Take(3).Select(c => $"({c[0]:0.##}, {c[1]:0.##}, {c[2]:0.##})"))));
        }
        checks.Add(colourProblems.Count == 0
            ? new("task_colours", true, coloured == 0 ? "the spec names no colours" : $"all {coloured} coloured objects show their colour")
            : new("task_colours", false, string.Join("; ", colourProblems)));

        var partProblems = new List<string>();
        var partCount = 0;
        foreach (var o in spec.Objects)
        {
            var resolved = task.Object(o.Id);
            if (resolved is null) continue;
            foreach (var name in o.Parts ?? [])
            {
                partCount++;
                if (!resolved.Parts.TryGetValue(name, out var part)) { partProblems.Add($"{o.Id}.{name} is missing"); continue; }
                if (scene.BodyId(part.Body) < 0) { partProblems.Add($"{o.Id}.{name}'s body {part.Body} is not in the model"); continue; }
                if (part.Type == "free") continue;
                if (part.Joint is null) { partProblems.Add($"{o.Id}.{name} has no joint"); continue; }
                var joint = model.JointId(part.Joint);
                var expected = part.Type == "slide" ? JointKind.Slide : JointKind.Hinge;
                if (joint < 0) partProblems.Add($"{o.Id}.{name}'s joint {part.Joint} is not in the model");
                else if (model.Joints[joint].Kind != expected) partProblems.Add($"{o.Id}.{name}'s joint is a {model.Joints[joint].Kind}, not a {expected}");
            }
        }
        checks.Add(partProblems.Count == 0
            ? new("task_parts", true, partCount == 0 ? "the spec names no parts" : $"all {partCount} parts have their joints")
            : new("task_parts", false, string.Join("; ", partProblems)));

        scene.Reset();
        var initial = TaskPredicates.EvaluateAll(scene, task.Initial);
        var failedInitial = initial.Where(r => !r.Holds).ToArray();
        checks.Add(failedInitial.Length == 0
            ? new("initial_state", true, initial.Count == 0 ? "no initial predicates" : "true at t = 0: " + string.Join(", ", initial.Select(r => r.Predicate.ToString())))
            : new("initial_state", false, "false at t = 0: " + string.Join("; ", failedInitial.Select(r => r.ToString()))));

        var goal = TaskPredicates.EvaluateAll(scene, task.Goal);
        var solved = goal.Count > 0 && goal.All(r => r.Holds);
        checks.Add(solved
            ? new("goal_false_at_start", false, "the task starts solved: " + string.Join("; ", goal.Select(r => r.ToString())))
            : new("goal_false_at_start", true, "not yet reached at t = 0: " + string.Join(", ", goal.Where(r => !r.Holds).Select(r => r.Predicate.ToString()))));

        var specGoal = string.Join(", ", spec.Goal.Select(g => g.ToString()));
        var builtGoal = string.Join(", ", task.Goal.Select(g => g.ToString()));
        checks.Add(specGoal == builtGoal
            ? new("task_goal", true, "the definition's goal is the spec's: " + specGoal)
            : new("task_goal", false, $"the definition's goal ({builtGoal}) differs from the spec's ({specGoal})"));
        return checks;
    }
}
