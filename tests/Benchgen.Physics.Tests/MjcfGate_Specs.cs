namespace Benchgen.Physics.Tests;

/// <summary>What the gate in front of MuJoCo lets through and what it refuses (the whitelist and its size caps).</summary>
public class The_mjcf_gate
{
    private static string World(string body, string head = "") => $"""
        <mujoco model="gate">
          {head}
          <worldbody>
            <geom name="floor" type="plane" size="3 3 0.1"/>
            {body}
          </worldbody>
        </mujoco>
        """;

    private static string Refusal(string mjcf, MujocoLimits? limits = null) =>
        Assert.Throws<ModelRejectedException>(() => MjcfGate.Check(mjcf, limits)).Message;

    [Fact]
    public void Should_let_a_template_shaped_model_through()
    {
        // What lib/fixtures.py and lib/parts.py write: compiler, option, size, default, visual, builtin texture,
        // material, lights, bodies with joints, sites and an equality.
        const string mjcf = """
            <mujoco model="benchgen_like">
              <compiler angle="radian"/>
              <option timestep="0.002" gravity="0 0 -9.81" noslip_iterations="5"/>
              <size nconmax="148" njmax="1184"/>
              <default><geom friction="0.8 0.005 0.0001" solref="0.004 1"/></default>
              <visual>
                <global offwidth="640" offheight="480"/>
                <headlight ambient="0.3 0.3 0.3" diffuse="0.4 0.4 0.4" specular="0.1 0.1 0.1"/>
              </visual>
              <asset>
                <texture name="grid" type="2d" builtin="checker" rgb1="0.82 0.82 0.8" rgb2="0.68 0.7 0.72" width="256" height="256"/>
                <material name="floor" texture="grid" texrepeat="4 4" reflectance="0.05"/>
              </asset>
              <worldbody>
                <light name="key" pos="0 0 3" dir="-0.3 -0.2 -1" directional="true" diffuse="0.6 0.6 0.6" specular="0.2 0.2 0.2" castshadow="true"/>
                <geom name="floor" type="plane" size="2 2 0.1" material="floor"/>
                <site name="goal" type="box" pos="0.5 0 0.05" size="0.1 0.1 0.05" rgba="0 1 0 0.3"/>
                <body name="cabinet" pos="0 0 0.2">
                  <geom type="box" size="0.2 0.2 0.2"/>
                  <body name="drawer" pos="0 0 0.1">
                    <joint name="slide" type="slide" axis="1 0 0" limited="true" range="0 0.2" damping="2"/>
                    <geom type="box" size="0.1 0.1 0.05" mass="0.5"/>
                  </body>
                </body>
                <body name="block" pos="0.3 0 0.05">
                  <freejoint name="block_joint"/>
                  <geom type="box" size="0.05 0.05 0.05" rgba="1 0.35 0.05 1"/>
                </body>
              </worldbody>
              <equality><joint name="hold" joint1="slide" polycoef="0 0 0 0 0" active="false"/></equality>
            </mujoco>
            """;
        MjcfGate.Check(mjcf);
        using var model = MujocoModel.Compile(mjcf);
        Assert.Equal(3, model.Bodies.Count);
    }

    [Theory]
    [InlineData("""<asset><texture name="t" type="2d" file="/root/secret.png"/></asset>""", "<texture file=…>")]
    [InlineData("""<asset><texture name="t" type="cube" fileright="/root/secret.png"/></asset>""", "<texture fileright=…>")]
    [InlineData("""<asset><mesh name="m" file="/etc/passwd"/></asset>""", "<mesh file=…>")]
    [InlineData("""<asset><hfield name="h" file="/etc/shadow"/></asset>""", "<hfield file=…>")]
    [InlineData("""<asset><skin name="s" file="/etc/hostname"/></asset>""", "<skin file=…>")]
    [InlineData("""<model name="m" file="/etc/passwd"/>""", "<model file=…>")]
    public void Should_refuse_any_file_attribute_naming_the_element(string head, string expected)
    {
        var message = Refusal(World("", head));
        Assert.Contains($"the model names a file ({expected})", message);
        Assert.Contains("models may not reference files", message);
        Assert.DoesNotContain("/", message);
    }

    [Theory]
    [InlineData("""<include file="other.xml"/>""", "includes another file (<include>)")]
    [InlineData("""<compiler meshdir="/root"/>""", "asset directory (<compiler meshdir=…>)")]
    [InlineData("""<compiler texturedir="/root"/>""", "asset directory (<compiler texturedir=…>)")]
    [InlineData("""<compiler assetdir="/root"/>""", "asset directory (<compiler assetdir=…>)")]
    [InlineData("""<compiler strippath="false"/>""", "asset directory (<compiler strippath=…>)")]
    [InlineData("""<extension><plugin plugin="mujoco.elasticity.solid"/></extension>""", "uses a plugin (<extension>)")]
    [InlineData("""<worldbody><body><plugin instance="x"/></body></worldbody>""", "uses a plugin (<plugin>)")]
    public void Should_refuse_includes_asset_directories_and_plugins(string head, string expected)
    {
        Assert.Contains(expected, Refusal(World("", head)));
    }

    [Theory]
    [InlineData("""<worldbody><composite type="grid" count="1000 1000 1" spacing="0.01"/></worldbody>""", "<composite> is not allowed")]
    [InlineData("""<compiler><lengthrange mode="all"/></compiler>""", "<lengthrange> is not allowed")]
    [InlineData("""<custom><numeric name="n" size="100000000"/></custom>""", "<custom> is not allowed")]
    [InlineData("""<sensor><touch site="s"/></sensor>""", "<sensor> is not allowed")]
    [InlineData("""<Include/>""", "element <Include> is not allowed inside <mujoco>")]
    [InlineData("""<worldbody><joint name="j"/></worldbody>""", "element <joint> is not allowed inside <worldbody>")]
    [InlineData("""<size nuser_body="100000"/>""", "attribute nuser_body is not allowed on <size>")]
    public void Should_refuse_elements_and_attributes_outside_the_whitelist(string head, string expected)
    {
        Assert.Contains(expected, Refusal(World("", head)));
    }

    [Fact]
    public void Should_refuse_a_root_other_than_mujoco_and_document_type_declarations()
    {
        Assert.Contains("root element is <robot>", Refusal("<robot/>"));
        var entity = """<?xml version="1.0"?><!DOCTYPE mujoco [<!ENTITY x SYSTEM "file:///etc/passwd">]><mujoco model="&x;"/>""";
        var message = Refusal(entity);
        Assert.Contains("not well-formed XML", message);
        Assert.DoesNotContain("root:", message);
    }

    [Theory]
    [InlineData("""<option timestep="1e-7"/>""", "below the minimum of 0.0001 s (Mujoco:MinTimestep)")]
    [InlineData("""<option timestep="0"/>""", "below the minimum")]
    [InlineData("""<option timestep="-0.002"/>""", "below the minimum")]
    [InlineData("""<option timestep="NaN"/>""", "not a number")]
    [InlineData("""<option timestep="0x1p-30"/>""", "not a number")]
    [InlineData("""<option iterations="100000000"/>""", "iterations is 100000000, more than the limit of 1000")]
    [InlineData("""<size njmax="1000000"/>""", "njmax is 1000000, more than the limit")]
    [InlineData("""<size nstack="1e12"/>""", "nstack must be a whole number")]
    [InlineData("""<size nstack="999999999999"/>""", "nstack is 999999999999, more than the limit")]
    [InlineData("""<size nkey="100000"/>""", "nkey is 100000, more than the limit of 100")]
    [InlineData("""<visual><quality shadowsize="100000"/></visual>""", "shadowsize is 100000, more than the limit of 4096")]
    [InlineData("""<visual><global offwidth="100000"/></visual>""", "offwidth is 100000")]
    [InlineData("""<visual><quality offsamples="64"/></visual>""", "offsamples is 64, more than the limit of 16")]
    [InlineData("""<asset><hfield name="h" nrow="20000" ncol="20000" size="1 1 1 1"/></asset>""", "(Mujoco:MaxHfieldSamples)")]
    [InlineData("""<asset><texture name="t" type="2d" builtin="checker" width="20000" height="20000"/></asset>""", "(Mujoco:MaxTexturePixels)")]
    [InlineData("""<asset><texture name="t" type="skybox" builtin="gradient" width="1000"/></asset>""", "6000000 pixels")]
    [InlineData("""<asset><texture name="t" builtin="checker" width="1e9" height="1"/></asset>""", "width must be a whole number")]
    public void Should_refuse_sizes_past_their_caps_before_compiling(string head, string expected)
    {
        Assert.Contains(expected, Refusal(World("", head)));
    }

    [Fact]
    public void Should_count_bodies_geoms_and_joints_on_the_text()
    {
        var bodies = string.Concat(Enumerable.Range(0, 6).Select(i => $"""<body pos="{i} 0 1"><freejoint/><geom type="sphere" size="0.1"/></body>"""));
        var mjcf = World(bodies);
        MjcfGate.Check(mjcf, new MujocoLimits { MaxBodies = 7, MaxGeoms = 7, MaxJoints = 6 });
        Assert.Contains("more than 6 bodies (Mujoco:MaxBodies)", Refusal(mjcf, new MujocoLimits { MaxBodies = 6 }));
        Assert.Contains("more than 6 geoms (Mujoco:MaxGeoms)", Refusal(mjcf, new MujocoLimits { MaxGeoms = 6 }));
        Assert.Contains("more than 5 joints (Mujoco:MaxJoints)", Refusal(mjcf, new MujocoLimits { MaxJoints = 5 }));
    }

    [Fact]
    public void Should_cap_text_size_element_count_and_depth()
    {
        var nested = string.Concat(Enumerable.Repeat("<body>", 80)) + "<geom size=\"0.1\"/>" + string.Concat(Enumerable.Repeat("</body>", 80));
        Assert.Contains("more than 64 deep (Mujoco:MaxDepth)", Refusal(World(nested)));
        var many = string.Concat(Enumerable.Repeat("""<site size="0.01"/>""", 50));
        Assert.Contains("more than 40 elements (Mujoco:MaxElements)", Refusal(World(many), new MujocoLimits { MaxElements = 40 }));
        var big = World($"<!-- {new string('x', 2000)} -->");
        Assert.Contains("(Mujoco:MaxXmlBytes)", Refusal(big, new MujocoLimits { MaxXmlBytes = 1000 }));
    }

    [Fact]
    public void Should_refuse_inline_meshes_past_the_vertex_cap()
    {
        var vertices = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"{i % 3} {i / 3 % 3} {i / 9}"));
        var mjcf = World("", $"""<asset><mesh name="m" vertex="{vertices}"/></asset>""");
        MjcfGate.Check(mjcf, new MujocoLimits { MaxMeshVertices = 30 });
        Assert.Contains("meshes have 30 vertices, more than the limit of 29", Refusal(mjcf, new MujocoLimits { MaxMeshVertices = 29 }));
    }

    [Fact]
    public void Should_be_what_compile_applies_with_the_file_label_in_front()
    {
        var mjcf = World("", """<asset><texture name="t" type="2d" file="/root/x.png"/></asset>""");
        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(mjcf, "seed-7.xml"));
        Assert.StartsWith("seed-7.xml was refused before compiling: the model names a file (<texture file=…>)", ex.Message);
        Assert.IsAssignableFrom<MujocoException>(ex);
    }
}

/// <summary>The compiled model is measured against the budget before its mjData is allocated.</summary>
public class The_compiled_model_budget
{
    [Fact]
    public void Should_refuse_a_model_whose_simulation_data_would_pass_the_memory_cap()
    {
        var mjcf = Scenes.Stack(count: 1).Replace("<worldbody>", """<size njmax="3000" nconmax="300"/><worldbody>""");
        using (var fits = MujocoModel.Compile(mjcf))
            Assert.True(fits.MemoryBytes.Data > 64L * 1024 * 1024, $"njmax 3000 takes {fits.MemoryBytes.Data} bytes of mjData");
        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(mjcf, limits: new MujocoLimits { MaxDataMegabytes = 64 }));
        Assert.Contains("refused after compiling: its simulation data would take", ex.Message);
        Assert.Contains("more than the limit of 64 MiB (Mujoco:MaxDataMegabytes)", ex.Message);
    }

    [Fact]
    public void Should_refuse_a_default_timestep_below_a_raised_floor_after_compiling()
    {
        // No timestep attribute to read on the text: MuJoCo's default (2 ms) is checked on the compiled model.
        const string mjcf = """<mujoco><worldbody><body><freejoint/><geom size="0.1"/></body></worldbody></mujoco>""";
        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(mjcf, limits: new MujocoLimits { MinTimestep = 0.005 }));
        Assert.Contains("refused after compiling: its timestep is below the minimum of 0.005 s", ex.Message);
    }

    [Fact]
    public void Should_refuse_a_model_over_the_model_memory_cap()
    {
        var mjcf = Scenes.Stack(count: 1).Replace("<worldbody>",
            """<asset><texture name="t" type="2d" builtin="checker" width="1024" height="1024"/></asset><worldbody>""");
        var ex = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(mjcf, limits: new MujocoLimits { MaxModelMegabytes = 2 }));
        Assert.Contains("(Mujoco:MaxModelMegabytes)", ex.Message);
    }
}

/// <summary>Steps are budgeted per model and stop on cancellation.</summary>
public class The_simulation_budget
{
    private static void StepForever(MujocoModel model)
    {
        while (true) model.Step();
    }

    [Fact]
    public void Should_count_every_step_and_stop_at_the_step_budget()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1), limits: new MujocoLimits { MaxStepsPerModel = 1_000 });
        model.Step(250);
        model.Simulate(new SimulationOptions(1.0)); // 500 steps at 2 ms
        Assert.Equal(750, model.StepsTaken);
        var ex = Assert.Throws<SimulationBudgetException>(() => model.Simulate(new SimulationOptions(1.0)));
        Assert.Contains("passed its budget of 1000 simulation steps (Mujoco:MaxStepsPerModel)", ex.Message);
        Assert.True(model.StepsTaken <= 1_000);
        Assert.Throws<SimulationBudgetException>(() => StepForever(model));
        Assert.Equal(1_000, model.StepsTaken);
    }

    [Fact]
    public void Should_stop_at_the_wall_clock_budget()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(count: 1), limits: new MujocoLimits { MaxStepsPerModel = 0, MaxWallSecondsPerModel = 0.2 });
        var ex = Assert.Throws<SimulationBudgetException>(() => StepForever(model));
        Assert.Contains("s of simulation wall time (Mujoco:MaxWallSecondsPerModel)", ex.Message);
    }

    [Fact]
    public async Task Should_stop_a_long_simulation_soon_after_cancellation()
    {
        using var cts = new CancellationTokenSource();
        using var model = MujocoModel.Compile(Scenes.Stack(count: 3), limits: new MujocoLimits { MaxStepsPerModel = 0, MaxWallSecondsPerModel = 0 },
            cancellation: cts.Token);
        // Ten simulated hours: without cancellation this runs for many minutes.
        var run = Task.Run(() => model.Simulate(new SimulationOptions(36_000)));
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        // A bound, not a timing assertion: a broken token check would run for many minutes.
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(model.StepsTaken < 36_000 / 0.002, $"{model.StepsTaken} steps");
    }

    [Fact]
    public void Should_refuse_to_compile_or_step_once_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MujocoModel.Compile(Scenes.Stack(), cancellation: cts.Token));
    }

    [Fact]
    public void Should_simulate_in_chunks_exactly_as_before()
    {
        // Chunked stepping (checked every CheckEverySteps steps) must not change the physics: Simulate's chunked run and
        // single steps end in the same state.
        using var a = MujocoModel.Compile(Scenes.Stack(count: 3, gap: 0.01));
        using var b = MujocoModel.Compile(Scenes.Stack(count: 3, gap: 0.01));
        var report = a.Simulate(new SimulationOptions(1.234));
        b.Reset();
        b.Forward();
        for (var i = 0; i < report.Steps; i++) b.Step();
        b.Forward(); // as Simulate does: mj_step leaves xpos one step behind qpos
        for (var id = 1; id <= 3; id++) Assert.Equal(b.BodyPosition(id), a.BodyPosition(id));
        Assert.Equal(617, report.Steps);
    }
}
