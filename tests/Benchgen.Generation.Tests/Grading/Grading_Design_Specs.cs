using Benchgen.Generation.Grading;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests.Grading;

/// <summary>
/// Design solutions on the hand-made crate benchmark (build zone ±0.6 m × ±0.6 m × 0–0.5 m; the test sets
/// max_weight / max_unit_cost): checked before simulation — containment, interpenetration, mass, cost, the whitelist.
/// </summary>
public sealed class Grading_designs(ITestOutputHelper output)
{
    private Evaluation Grade(string mjcf, double maxWeight = 5, double maxCost = 100, string extra = "")
    {
        var evaluation = GradingSupport.Evaluator.Evaluate(GradingSupport.HandMade(maxWeight, maxCost),
            SolutionReader.Parse(GradingSupport.Design(mjcf, extra)));
        output.WriteLine(evaluation.Reason);
        return evaluation;
    }

    [Fact]
    public void Should_simulate_a_legal_design_and_report_its_mass_and_cost_within_the_constraints()
    {
        // A 40 × 10 × 2 cm wooden plank behind the crate: legal, but it does not solve the task.
        var evaluation = Grade("""<body name="plank" pos="0 0.3 0.01"><geom name="plank_geom" type="box" size="0.2 0.05 0.01"/></body>""");

        Assert.False(evaluation.Success);
        Assert.Empty(evaluation.BuildZoneViolations);
        var mass = Assert.Single(evaluation.Constraints, c => c.Name == "mass");
        Assert.True(mass.Passed);
        Assert.Equal(0.4 * 0.1 * 0.02 * 700, mass.Value, 6);
        var cost = Assert.Single(evaluation.Constraints, c => c.Name == "unit_cost");
        Assert.True(cost.Passed);
        Assert.Equal(0.4 * 0.1 * 0.02 * 5000, cost.Value, 6);
        Assert.True(evaluation.SimTime > 0.9);
        Assert.Contains("goal not reached", evaluation.Reason);
    }

    [Fact]
    public void Should_drive_a_motor_on_the_design_by_its_schedule()
    {
        var evaluation = Grade("""
            <body name="slider" pos="0 0.3 0.02"><joint name="slider_x" type="slide" axis="1 0 0" range="0 0.2" limited="true"/>
              <geom name="slider_geom" type="box" size="0.03 0.03 0.02"/></body>
            <actuator><motor name="push" joint="slider_x" gear="1" ctrlrange="-5 5"/></actuator>
            """, extra: ""","schedule": [{"t": 0, "actuator": "push", "ctrl": 5}], "duration": 0.5, "material": "plastic" """);

        Assert.Empty(evaluation.BuildZoneViolations);
        Assert.Equal(0.06 * 0.06 * 0.04 * 8000 + DesignGate.JointCost + DesignGate.MotorCost,
            Assert.Single(evaluation.Constraints, c => c.Name == "unit_cost").Value, 6);
        var moved = evaluation.FinalState!["joints"]!["slider_x"]!.GetValue<double>();
        Assert.True(moved > 0.15, $"the motor moved the slider {moved} m");
    }

    [Fact]
    public void Should_reject_a_design_outside_the_build_zone_before_simulating()
    {
        var evaluation = Grade("""<body name="post" pos="0.58 0 0.1"><geom name="post_geom" type="box" size="0.05 0.05 0.1"/></body>""");

        Assert.False(evaluation.Success);
        Assert.Contains(evaluation.BuildZoneViolations, v => v.Contains("post_geom") && v.Contains("outside the build zone"));
        Assert.Equal(0, evaluation.SimTime);
    }

    [Fact]
    public void Should_reject_a_design_that_starts_inside_the_crate()
    {
        var evaluation = Grade("""<body name="wedge" pos="-0.3 0 0.05"><geom name="wedge_geom" type="box" size="0.03 0.03 0.03"/></body>""");

        Assert.False(evaluation.Success);
        Assert.Contains(evaluation.BuildZoneViolations, v => v.Contains("wedge_geom") && v.Contains("interpenetrating"));
        Assert.Equal(0, evaluation.SimTime);
    }

    [Fact]
    public void Should_reject_a_design_over_the_mass_limit()
    {
        // A 10 cm steel cube weighs 7.85 kg; the limit is 5 kg (its cost, 40, is within 100).
        var evaluation = Grade("""<body name="anvil" pos="0 0.3 0.05"><geom name="anvil_geom" type="box" size="0.05 0.05 0.05"/></body>""",
            extra: ""","material": "steel" """);

        Assert.False(evaluation.Success);
        Assert.False(Assert.Single(evaluation.Constraints, c => c.Name == "mass").Passed);
        Assert.True(Assert.Single(evaluation.Constraints, c => c.Name == "unit_cost").Passed);
        Assert.Contains("weighs 7.85 kg", evaluation.Reason);
        Assert.Equal(0, evaluation.SimTime);
    }

    [Fact]
    public void Should_reject_a_design_over_the_cost_limit()
    {
        // 40 × 40 × 20 cm of foam: 1.6 kg, but 32 units of cost against a limit of 20.
        var evaluation = Grade("""<body name="cushion" pos="0 0.3 0.1"><geom name="cushion_geom" type="box" size="0.2 0.2 0.1"/></body>""",
            maxCost: 20, extra: ""","material": "foam" """);

        Assert.False(evaluation.Success);
        Assert.True(Assert.Single(evaluation.Constraints, c => c.Name == "mass").Passed);
        Assert.False(Assert.Single(evaluation.Constraints, c => c.Name == "unit_cost").Passed);
        Assert.Contains("costs 32", evaluation.Reason);
    }

    [Theory]
    [InlineData("""<include file="/etc/passwd"/>""", "<include> is not allowed", "include files")]
    [InlineData("""<body name="b" pos="0 0.3 0.05"><include file="other.xml"/></body>""", "<include> is not allowed", "include files")]
    [InlineData("""<body name="b" pos="0 0.3 0.05"><geom type="mesh" file="/etc/passwd" size="0.05"/></body>""", "may not reference files", "type")]
    [InlineData("""<asset><mesh name="m" file="/etc/passwd"/></asset><body name="b"><geom type="mesh" mesh="m"/></body>""", "<asset> is not allowed", "may not reference files")]
    public void Should_refuse_a_design_that_names_a_file(string mjcf, string reason, string also)
    {
        var ex = Assert.Throws<SolutionFormatException>(() =>
            GradingSupport.Evaluator.Evaluate(GradingSupport.HandMade(), SolutionReader.Parse(GradingSupport.Design(mjcf))));
        output.WriteLine(string.Join("\n", ex.Errors));

        Assert.Contains(ex.Errors, e => e.Contains(reason));
        Assert.Contains(ex.Errors, e => e.Contains(also));
        Assert.All(ex.Errors, e => Assert.StartsWith("$.", e));
    }
}
