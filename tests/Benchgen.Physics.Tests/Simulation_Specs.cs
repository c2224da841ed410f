namespace Benchgen.Physics.Tests;

public class Simulating_a_stable_stack
{
    private static readonly Aabb Arena = new(new Vec3(-1, -1, -0.1), new Vec3(1, 1, 1));

    [Fact]
    public void Should_settle_without_warnings_penetration_or_speed()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        var report = model.Simulate(new SimulationOptions(DurationSeconds: 2.0, Bounds: Arena));

        Assert.True(report.Finite);
        Assert.Empty(report.Warnings);
        Assert.Equal(1000, report.Steps);
        Assert.Equal(2.0, report.SimulatedSeconds, 9);
        Assert.InRange(report.MaxBodySpeed, 0, 0.2);
        Assert.InRange(report.InitialPenetration, 0, 1e-4);
        Assert.Empty(report.BodiesOutOfBounds);
        Assert.InRange(report.FinalKineticEnergy, 0, 1e-6);
        Assert.Equal(["box1", "box2", "box3"], report.FinalStates.Select(s => s.Name));
        foreach (var (state, i) in report.FinalStates.Select((s, i) => (s, i)))
        {
            Assert.InRange(state.Speed, 0, 1e-3);
            Assert.InRange(state.Acceleration, 0, 0.1);
            Assert.Equal(Scenes.BoxHalf * (2 * i + 1), state.Position.Z, 2);
            Assert.InRange(Math.Abs(state.Position.X) + Math.Abs(state.Position.Y), 0, 1e-3);
        }
    }

    [Fact]
    public void Should_be_repeatable_because_simulate_resets_first()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        var first = model.Simulate(new SimulationOptions(0.5));
        model.Step(300);
        var second = model.Simulate(new SimulationOptions(0.5));
        Assert.Equal(first.FinalStates, second.FinalStates);
    }
}

public class Simulating_an_interpenetrating_stack
{
    [Fact]
    public void Should_report_the_initial_penetration_and_the_contact()
    {
        // box2 starts 3 cm inside box1
        using var model = MujocoModel.Compile(Scenes.Stack(gap: -0.03));
        var report = model.Simulate(new SimulationOptions(0.5));

        // MuJoCo 2.2.2's box-box collider reports half the face-to-face overlap as depth.
        Assert.True(report.InitialPenetration > 0.005, $"penetration {report.InitialPenetration}");
        Assert.Contains(report.DeepestContact, new[] { "box1/box2", "box2/box1", "box2/box3", "box3/box2" });
    }

    [Fact]
    public void Should_measure_the_depth_of_a_sphere_sunk_into_the_floor()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 0, extraBodies: """
            <body name="ball" pos="0 0 0.03"><freejoint/><geom name="ball" type="sphere" size="0.05"/></body>
            """));
        model.Reset();
        Assert.Equal(0.02, model.MaxPenetration(), 6);
        var report = model.Simulate(new SimulationOptions(0.1));
        Assert.Equal(0.02, report.InitialPenetration, 6);
        Assert.Contains(report.DeepestContact, new[] { "floor/ball", "ball/floor" });
    }
}

public class Simulating_an_exploding_scene
{
    // Contact stiffness far beyond what a 10 ms step can integrate, with the safety clamp disabled.
    private const string Exploding = """
        <mujoco>
          <option timestep="0.01"><flag refsafe="disable"/></option>
          <worldbody>
            <geom name="floor" type="plane" size="3 3 .1"/>
            <body name="big" pos="0 0 0.1"><freejoint/><geom name="big" type="box" size=".1 .1 .1" mass="1" solref="0.00001 1"/></body>
            <body name="small" pos="0.02 0 0.12"><freejoint/><geom name="small" type="box" size=".05 .05 .05" mass="0.001" solref="0.00001 1"/></body>
          </worldbody>
        </mujoco>
        """;

    [Fact]
    public void Should_flag_the_explosion()
    {
        using var model = MujocoModel.Compile(Exploding);
        var report = model.Simulate(new SimulationOptions(1.0, new Aabb(new Vec3(-5, -5, -1), new Vec3(5, 5, 5))));

        Assert.True(report.MaxBodySpeed > 100 || !report.Finite || report.Warnings.Count > 0,
            $"speed {report.MaxBodySpeed}, finite {report.Finite}, warnings {string.Join(",", report.Warnings)}");
        Assert.True(report.MaxBodySpeed > 100, $"max speed {report.MaxBodySpeed}");
        Assert.Equal("small", report.FastestBody);
        Assert.Contains("small", report.BodiesOutOfBounds);
    }
}

public class Simulating_with_bounds
{
    [Fact]
    public void Should_report_only_the_bodies_that_leave_the_bounds()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1, extraBodies: """
            <body name="stray" pos="3 0 0.05"><freejoint/><geom type="box" size="0.05 0.05 0.05"/></body>
            <body name="faller" pos="0 0.5 0.5"><freejoint/><geom type="sphere" size="0.05"/></body>
            """));
        // The faller starts above the ceiling and drops into the arena: leaving the bounds at any step counts.
        var report = model.Simulate(new SimulationOptions(1.0, new Aabb(new Vec3(-1, -1, -0.1), new Vec3(1, 1, 0.4))));

        Assert.Equal(["stray", "faller"], report.BodiesOutOfBounds);
    }

    [Fact]
    public void Should_report_no_bodies_when_no_bounds_are_given()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1, extraBodies: """
            <body name="stray" pos="30 0 0.05"><freejoint/><geom type="box" size="0.05 0.05 0.05"/></body>
            """));
        Assert.Empty(model.Simulate(new SimulationOptions(0.1)).BodiesOutOfBounds);
    }
}

public class Hitting_a_mujoco_engine_error
{
    [Fact]
    public void Should_throw_with_mujocos_text_instead_of_exiting_the_process()
    {
        // Enough stack for the falling boxes to compile, far too little once they pile up and collide.
        var mjcf = Scenes.Stack(6, gap: 0.05).Replace("<option ", "<size nstack=\"1500\"/><option ");
        using var model = MujocoModel.Compile(mjcf);

        var ex = Assert.Throws<MujocoException>(() => model.Simulate(new SimulationOptions(1.0)));
        Assert.Contains("Stack overflow", ex.Message);

        model.Reset(); // the model stays usable
        Assert.Equal(0, model.Time);
    }
}
