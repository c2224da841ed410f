using System.Text.Json.Nodes;
using Benchgen.Generation.Grading;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests.Grading;

/// <summary>Low-level solutions on the hand-made crate benchmark: forbid zones named, the step interface equal to evaluate.</summary>
public sealed class Grading_trajectories_and_the_step_interface(ITestOutputHelper output)
{
    [Fact]
    public void Should_grade_a_trajectory_that_floats_the_crate_into_the_goal_a_success()
    {
        var evaluation = GradingSupport.Evaluator.Evaluate(GradingSupport.HandMade(), SolutionReader.Parse(GradingSupport.BangBang()));
        output.WriteLine(evaluation.Reason);

        Assert.True(evaluation.Success, evaluation.Reason);
        Assert.Equal("trajectory", evaluation.Kind);
        var at = Assert.Single(evaluation.Goal);
        Assert.Equal("at(crate, goal)", at.Predicate);
        Assert.True(at.AtEnd);
        Assert.NotNull(at.FirstTrue);
        // Effort is the impulse applied: |F| ≈ 9.86 N for 1.4 s.
        Assert.InRange(evaluation.Effort, 13.0, 15.0);
        Assert.Equal(2.4, evaluation.SimTime, 2);
    }

    [Fact]
    public void Should_fail_a_trajectory_through_a_forbid_zone_naming_the_zone_and_when()
    {
        // Twice the push and no braking: the crate floats on through forbid zone 0, just beyond the goal.
        var file = """
            {"kind": "trajectory", "duration": 1.2, "setpoints": [{"t": 0, "subject": "crate", "force": [2, 0, 9.81]}]}
            """;
        var evaluation = GradingSupport.Evaluator.Evaluate(GradingSupport.HandMade(), SolutionReader.Parse(file));
        output.WriteLine(evaluation.Reason);

        Assert.False(evaluation.Success);
        var contact = Assert.Single(evaluation.ForbidContacts);
        Assert.Equal("forbid_zone_0", contact.Zone);
        Assert.Equal("crate", contact.Body);
        Assert.InRange(contact.Time, 0.5, 1.0);
        Assert.Contains("entered forbid_zone_0", evaluation.Reason);
    }

    [Fact]
    public void Should_fail_a_skills_path_through_a_forbid_zone_naming_the_zone()
    {
        var file = """
            {"kind": "skills", "steps": [{"skill": "guide", "subject": "crate", "max_effort": 30, "duration": 4,
              "waypoints": [[-0.3, 0, 0.12], [0.45, 0, 0.12], [0.2, 0, 0.12], [0.2, 0, 0.054]]}]}
            """;
        var evaluation = GradingSupport.Evaluator.Evaluate(GradingSupport.HandMade(), SolutionReader.Parse(file));
        output.WriteLine(evaluation.Reason);

        Assert.False(evaluation.Success);
        Assert.Equal("forbid_zone_0", Assert.Single(evaluation.ForbidContacts).Zone);
        Assert.Contains("forbid_zone_0", evaluation.Reason);
        // The crate did end in the goal: only the forbid zone fails it.
        Assert.True(Assert.Single(evaluation.Goal).AtEnd);
    }

    [Fact]
    public void Should_clamp_a_push_past_the_hands_limit_and_fail_the_hand_limit_constraint()
    {
        var file = """
            {"kind": "trajectory", "duration": 0.2, "setpoints": [{"t": 0, "subject": "crate", "force": [0, 0, 500]}]}
            """;
        var evaluation = GradingSupport.Evaluator.Evaluate(GradingSupport.HandMade(), SolutionReader.Parse(file));

        Assert.False(evaluation.Success);
        var limit = Assert.Single(evaluation.Constraints, c => c.Name == "hand_limit");
        Assert.False(limit.Passed);
        Assert.Contains("force 500", limit.Detail);
    }

    [Fact]
    public void Should_reproduce_evaluates_final_state_when_the_same_trajectory_is_stepped_through_env()
    {
        var target = GradingSupport.HandMade();
        var evaluated = GradingSupport.Evaluator.Evaluate(target, SolutionReader.Parse(GradingSupport.BangBang()));
        Assert.True(evaluated.Success, evaluated.Reason);

        // 0.7 s = 350 steps of 2 ms: the same set-points, then "grade" lets go and settles like evaluate.
        var requests = string.Join('\n',
            """{"op": "reset"}""",
            """{"op": "step", "action": {"hand": [{"subject": "crate", "force": [1, 0, 9.81]}]}, "steps": 350}""",
            """{"op": "observe"}""",
            """{"op": "step", "action": {"hand": [{"subject": "crate", "force": [-1, 0, 9.81]}]}, "steps": 350}""",
            """{"op": "grade"}""",
            """{"op": "close"}""",
            """{"op": "observe"}""");
        var answers = Serve(target, requests);

        Assert.Equal(6, answers.Count); // nothing after close
        Assert.All(answers, a => Assert.True(a["ok"]!.GetValue<bool>(), a.ToJsonString()));
        Assert.Equal(0.002, answers[0]["timestep"]!.GetValue<double>());
        Assert.Equal(0.7, answers[2]["observation"]!["time"]!.GetValue<double>(), 6);
        var graded = answers[4]["evaluation"]!;
        Assert.True(graded["success"]!.GetValue<bool>());
        Assert.Equal(evaluated.FinalState!.ToJsonString(), graded["final_state"]!.ToJsonString());
        Assert.Equal(evaluated.Effort, graded["effort"]!.GetValue<double>());

        // And deterministic: the same requests give the same bytes.
        Assert.Equal(string.Join('\n', answers.Select(a => a.ToJsonString())), string.Join('\n', Serve(target, requests).Select(a => a.ToJsonString())));
    }

    [Fact]
    public void Should_answer_a_bad_request_with_an_error_and_keep_serving()
    {
        var answers = Serve(GradingSupport.HandMade(), string.Join('\n',
            """{"op": "teleport"}""",
            """{"op": "step", "action": {"hand": [{"subject": "ghost", "force": [1, 0, 0]}]}}""",
            """{"op": "step", "action": {"hand": [{"subject": "crate", "force": [1e9, 0, 0]}]}}""",
            "not json",
            """{"op": "observe"}"""));

        Assert.Equal(5, answers.Count);
        Assert.Contains("unknown op", answers[0]["error"]!.GetValue<string>());
        Assert.Contains("no object, part, body or joint 'ghost'", answers[1]["error"]!.GetValue<string>());
        Assert.Contains("$.setpoints[0].force", answers[2]["error"]!.GetValue<string>());
        Assert.False(answers[3]["ok"]!.GetValue<bool>());
        Assert.True(answers[4]["ok"]!.GetValue<bool>());
        Assert.Equal(0.0, answers[4]["observation"]!["time"]!.GetValue<double>());
    }

    private static List<JsonObject> Serve(GradingTarget target, string requests)
    {
        var output = new StringWriter();
        Assert.Equal(0, StepInterface.Serve(target, GradingSupport.Evaluator, new StringReader(requests), output, CancellationToken.None));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }
}
