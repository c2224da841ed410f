using System.Text;
using System.Text.Json.Nodes;
using Benchgen.Generation.Grading;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// Hostile design solutions: each is refused by the design gate — plain text checks, before MuJoCo ever sees the
/// model — with the reason and its JSON path, and nothing of the host is read. A design that makes MuJoCo unstable is a
/// graded failure, not a crash.
/// </summary>
public sealed class Grading_HostileDesigns
{
    private static readonly string Scene = Mjcf_Hostile.Scene();

    private static GradingTarget Target(double maxWeight = 10, double maxCost = 1000)
    {
        var definition = Mjcf_Hostile.Definition();
        definition["constraints"] = new JsonObject { ["max_weight"] = maxWeight, ["max_unit_cost"] = maxCost };
        return new GradingTarget("hostile", 7, 1.0, Scene, definition);
    }

    private static string Design(string mjcf) => new JsonObject { ["kind"] = "design", ["mjcf"] = mjcf }.ToJsonString();

    /// <summary>The gate alone (no MuJoCo): what it refuses, with which message.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { """<include file="/etc/passwd"/>""", "may not include files" },
        { """<body name="b"><geom type="box" size="0.1 0.1 0.1" file="/etc/shadow"/></body>""", "may not reference files" },
        { """<body name="b"><geom type="mesh" mesh="m" size="0.1"/></body>""", "attribute not allowed on <geom>" },
        { """<asset><texture name="t" file="/etc/passwd"/></asset>""", "may not reference files" },
        { """<body name="b"><plugin plugin="mujoco.elasticity.cable"/></body>""", "<plugin> is not allowed" },
        { """<extension><plugin plugin="x"/></extension>""", "<extension> is not allowed" },
        { """<body name="b" pos="NaN 0 0"><geom type="sphere" size="0.05"/></body>""", "@pos: must be finite numbers" },
        { """<body name="b" pos="0 0 Infinity"><geom type="sphere" size="0.05"/></body>""", "@pos: must be finite numbers" },
        { """<body name="b"><geom type="box" size="0.1 0.1 0.1" mass="1e12"/></body>""", "mass comes from the material" },
        { """<body name="b"><geom type="box" size="0.1 0.1 0.1" density="1e12"/></body>""", "mass comes from the material" },
        { """<body name="b"><geom type="box" size="1e6 0.1 0.1"/></body>""", "must be finite numbers within" },
        { """<body name="b"><composite type="grid" count="100 100 1"/></body>""", "<composite> is not allowed" },
        { """<body name="b" xmlns:x="urn:x" x:file="/etc/passwd"><geom type="sphere" size="0.05"/></body>""", "namespaces are not allowed" },
        { """<body name="block_1"><geom type="sphere" size="0.05"/></body>""", "already a name in the scene" },
        { """<body name="b"><joint name="j" type="free"/><geom type="sphere" size="0.05"/></body>""", "only hinge and slide joints" },
        { """<actuator><motor name="m" joint="block_1_joint"/></actuator><body name="b"><geom type="sphere" size="0.05"/></body>""", "must name one of the design's own joints" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Should_refuse_a_hostile_design_with_the_reason(string mjcf, string reason)
    {
        var ex = Assert.Throws<SolutionFormatException>(() => DesignGate.Check((DesignSolution)SolutionReader.Parse(Design(mjcf)), Scene));

        Assert.Contains(ex.Errors, e => e.Contains(reason));
        Assert.All(ex.Errors, e => Assert.StartsWith("$.", e));
        Assert.All(ex.Errors, e => Assert.DoesNotContain("root:", e));
    }

    [Fact]
    public void Should_refuse_ten_thousand_geoms_before_compiling()
    {
        var geoms = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"<geom type=\"sphere\" size=\"0.001\" pos=\"0 0 {0.3 + i * 1e-5:0.#####}\"/>"));
        var mjcf = $"<body name=\"swarm\" pos=\"0 0.5 0\">{geoms}</body>";
        // Over the fragment's byte cap already; below it, the element and geom counts stop it.
        Assert.Throws<SolutionFormatException>(() => SolutionReader.Parse(Design(mjcf)));
        var small = $"<body name=\"swarm\" pos=\"0 0.5 0\">{string.Concat(Enumerable.Range(0, 1500).Select(_ => "<geom size=\"0.001\"/>"))}</body>";
        var ex = Assert.Throws<SolutionFormatException>(() => DesignGate.Check((DesignSolution)SolutionReader.Parse(Design(small)), Scene));
        Assert.Contains(ex.Errors, e => e.Contains("elements") || e.Contains("geoms, more than"));
    }

    [Fact]
    public void Should_refuse_a_dtd_or_entity_expansion()
    {
        var mjcf = """<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><body name="b"><geom type="sphere" size="0.05"/></body>""";
        var ex = Assert.Throws<SolutionFormatException>(() => DesignGate.Check((DesignSolution)SolutionReader.Parse(Design(mjcf)), Scene));
        Assert.Contains(ex.Errors, e => e.StartsWith("$.mjcf: not well-formed XML or not allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.Contains("root:"));
    }

    [Fact]
    public void Should_grade_a_huge_heavy_design_as_over_mass_without_simulating()
    {
        // 2 m steel cube = 62,800 kg: refused by the cost model's mass, never compiled.
        var e = new Evaluator().Evaluate(Target(), SolutionReader.Parse("""
            {"kind": "design", "material": "steel", "mjcf": "<body name=\"slab\" pos=\"0 0 1\"><geom type=\"box\" size=\"1 1 1\"/></body>"}
            """));
        Assert.False(e.Success);
        Assert.False(e.Constraints.Single(c => c.Name == "mass").Passed);
        Assert.Equal(0, e.SimTime);
    }

    [Fact]
    public void Should_grade_a_design_that_makes_mujoco_unstable_as_a_failure_not_a_crash()
    {
        // A 1 g bead on an unlimited slide driven by 10 kN: it flies off at thousands of m/s.
        var e = new Evaluator().Evaluate(Target(), SolutionReader.Parse("""
            {"kind": "design", "material": "foam", "duration": 2,
             "mjcf": "<body name=\"bead\" pos=\"0 0.5 0.3\"><joint name=\"rail\" type=\"slide\" axis=\"1 0 0\"/><geom type=\"sphere\" size=\"0.01\"/></body><actuator><motor name=\"kick\" joint=\"rail\" gear=\"100\" ctrlrange=\"-100 100\"/></actuator>",
             "schedule": [{"t": 0, "actuator": "kick", "ctrl": 100}]}
            """));
        Assert.False(e.Success);
        Assert.Empty(e.BuildZoneViolations);
        Assert.True(!e.Stable || e.Reason.Contains("MuJoCo", StringComparison.Ordinal), e.Reason);
        Assert.Contains("unstable", e.Reason);
    }

    [Theory]
    [InlineData("""{"kind": "skills", "steps": [{"skill": "carry", "subject": "block_1", "max_effort": 1e400}]}""")]
    [InlineData("""{"kind": "trajectory", "duration": 1e9, "setpoints": []}""")]
    [InlineData("""{"kind": "trajectory", "duration": 1, "setpoints": [{"t": 0, "subject": "block_1", "force": [1, 2]}]}""")]
    [InlineData("""{"kind": "exec", "cmd": "rm -rf /"}""")]
    public void Should_refuse_a_malformed_solution_with_json_paths(string json)
    {
        var ex = Assert.Throws<SolutionFormatException>(() => SolutionReader.Parse(json));
        Assert.NotEmpty(ex.Errors);
        Assert.All(ex.Errors, e => Assert.StartsWith("$", e));
    }

    [Fact]
    public void Should_refuse_a_solution_nested_too_deep_or_too_large()
    {
        var deep = new StringBuilder("""{"kind": "skills", "steps": """);
        for (var i = 0; i < 200; i++) deep.Append('[');
        Assert.Throws<SolutionFormatException>(() => SolutionReader.Parse(deep.ToString()));
        Assert.Throws<SolutionFormatException>(() => SolutionReader.Parse(new string(' ', SolutionReader.MaxBytes + 1)));
    }
}
