namespace Benchgen.Physics.Tests;

public class Native_shim_deployment
{
    [Fact]
    public void Should_copy_the_shim_into_the_bin_of_a_referencing_project()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libbenchgen_mujoco.so")),
            $"libbenchgen_mujoco.so missing from {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Should_report_the_system_mujoco_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", Mujoco.Version);
    }
}

public class Compiling_a_stack_of_three_boxes
{
    [Fact]
    public void Should_expose_bodies_geoms_and_joints_without_the_world_body()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());

        Assert.Equal(["box1", "box2", "box3"], model.Bodies.Select(b => b.Name));
        Assert.All(model.Bodies, b => Assert.True(b.IsFree));
        Assert.All(model.Bodies, b => Assert.Equal(0.2, b.Mass, 6));
        Assert.Equal(GeomShape.Plane, model.Geoms.Single(g => g.Name == "floor").Shape);
        var box = model.Geoms.Single(g => g.Name == "box2");
        Assert.Equal(GeomShape.Box, box.Shape);
        Assert.Equal(new Vec3(0.05, 0.05, 0.05), box.Size);
        Assert.Equal(model.BodyId("box2"), box.BodyId);
        Assert.Equal([0.2f, 0.8f, 0.2f, 1f], box.Rgba);
        Assert.Equal(3, model.Joints.Count);
        Assert.All(model.Joints, j => Assert.Equal(JointKind.Free, j.Kind));
        Assert.Equal(0.002, model.Timestep, 9);
        Assert.Equal(-1, model.BodyId("no-such-body"));
    }

    [Fact]
    public void Should_step_time_forward()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        model.Reset();
        model.Step(10);
        Assert.Equal(0.02, model.Time, 9);
        model.Reset();
        Assert.Equal(0, model.Time);
    }
}

public class Rejected_models
{
    [Fact]
    public void Should_refuse_malformed_xml_before_mujoco_parses_it()
    {
        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile("<mujoco><worldbody><body></worldbody>"));
        Assert.StartsWith("model.xml was refused before compiling: the model is not well-formed XML", ex.Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_attribute_naming_it()
    {
        const string mjcf = """
            <mujoco><worldbody><body><geom type="box" size="1 1 1" colour="1 0 0 1"/></body></worldbody></mujoco>
            """;
        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(mjcf, "scene.xml"));
        Assert.StartsWith("scene.xml was refused before compiling: ", ex.Message);
        Assert.Contains("attribute colour is not allowed on <geom>", ex.Message);
    }

    [Fact]
    public void Should_reject_what_the_gate_allows_but_mujoco_does_not_with_mujocos_message()
    {
        const string mjcf = """
            <mujoco><worldbody><body><geom type="bogus" size="1 1 1"/></body></worldbody></mujoco>
            """;
        var ex = Assert.Throws<MujocoException>(() => MujocoModel.Compile(mjcf, "scene.xml"));
        Assert.IsNotType<ModelRejectedException>(ex);
        Assert.StartsWith("MuJoCo rejected scene.xml: ", ex.Message);
        Assert.Contains("bogus", ex.Message);
    }
}

public class Querying_and_driving_bodies
{
    [Fact]
    public void Should_read_gravity_as_the_acceleration_of_a_falling_body()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1, extraBodies: """
            <body name="faller" pos="1 0 2"><freejoint/><geom type="sphere" size="0.05" mass="0.1"/></body>
            """));
        var faller = model.BodyId("faller");
        model.Reset();
        model.Step(100);

        var acceleration = model.BodyLinearAcceleration(faller);
        Assert.Equal(-9.81, acceleration.Z, 2);
        Assert.Equal(-9.81 * model.Time, model.BodyLinearVelocity(faller).Z, 1);
        Assert.True(model.BodyPosition(faller).Z < 2);
        Assert.True(model.BodyLinearAcceleration(model.BodyId("box1")).Length < 0.1, "a resting box should not accelerate");
    }

    [Fact]
    public void Should_teleport_a_free_body_and_zero_its_velocity()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1));
        var box = model.BodyId("box1");
        model.Reset();
        model.SetFreeBodyPosition(box, new Vec3(0.5, 0.25, 1.0));
        model.Forward();
        Assert.Equal(new Vec3(0.5, 0.25, 1.0), model.BodyPosition(box));
        Assert.Equal(0, model.BodyLinearVelocity(box).Length, 9);
    }

    [Fact]
    public void Should_push_a_body_with_an_applied_force_until_cleared()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1, option: "gravity=\"0 0 0\""));
        var box = model.BodyId("box1");
        model.Reset();
        model.ApplyForce(box, new Vec3(0.2, 0, 0)); // 1 m/s^2 on 0.2 kg
        model.Step(500);
        var pushed = model.BodyLinearVelocity(box).X;
        Assert.Equal(1.0, pushed, 1);

        model.ClearForces();
        model.Step(100);
        Assert.Equal(pushed, model.BodyLinearVelocity(box).X, 2);
    }

    [Fact]
    public void Should_read_a_hinge_joint_angle()
    {
        using var model = MujocoModel.Compile("""
            <mujoco><worldbody>
              <body name="pendulum" pos="0 0 1">
                <joint name="swing" type="hinge" axis="0 1 0"/>
                <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.02"/>
              </body>
            </worldbody></mujoco>
            """);
        model.Reset();
        model.Step(200);
        Assert.Equal(JointKind.Hinge, model.Joints[0].Kind);
        Assert.True(model.JointPosition(0) > 0.1, "the pendulum should swing down under gravity");
    }

    [Fact]
    public void Should_list_warnings_raised_since_reset()
    {
        // A NaN in the gravity poisons qacc; MuJoCo raises mjWARN_BADQACC and resets the state itself.
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1));
        model.Reset();
        model.Step(5);
        Assert.Empty(model.ActiveWarnings());
        model.ApplyForce(model.BodyId("box1"), new Vec3(double.NaN, 0, 0));
        model.Step(1);
        Assert.Contains("mjWARN_BADQACC", model.ActiveWarnings());
        model.ClearForces();
        model.Reset();
        Assert.Empty(model.ActiveWarnings());
    }
}
