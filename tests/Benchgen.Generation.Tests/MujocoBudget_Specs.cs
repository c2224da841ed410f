using Benchgen.Generation.Coding;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Tests.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Benchgen.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

/// <summary>
/// The MuJoCo gate and budget (Benchgen.Physics.MjcfGate, MujocoLimits) must leave every template well inside: each
/// family's largest scene and every example task, at the largest validated scale, passes the gate with at most half of
/// each default count and size cap used (and the data memory within its cap). A template that drifts towards a cap fails here before it fails in production.
/// </summary>
public sealed class Templates_inside_the_mujoco_budget(ITestOutputHelper output)
{
    public static TheoryData<string> Prompts => new()
    {
        "A tower of 20 large glass cylinders",
        "A staggered stack of 8 large foam boxes",
        "A pyramid of 10 blocks",
        "A row of 12 dominoes",
        "A box containing three small spheres",
        "A ball rolling down a ramp into a goal zone",
        "Two platforms separated by a gap; move the cube across",
        "Move the ball sideways into the goal zone, past an obstacle wall",
        "A sliding drawer with a handle",
        "A lever on a fulcrum with a weight on one end",
        "A peg next to a block with a hole",
        "A pendulum hanging from a frame",
        "A hinged door",
    };

    public static TheoryData<string> Examples() => Compiling_the_example_tasks.Examples();

    [SkippableTheory]
    [MemberData(nameof(Prompts))]
    public async Task Should_keep_every_family_within_half_of_each_cap(string prompt)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var runs = await TestSupport.RunAsync(TestSupport.Script(prompt).Source, (5, 1.0), (5, MaxScale));
        foreach (var run in runs) AssertWellInside(run.Mjcf, $"{prompt} x{run.Scale}");
    }

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public async Task Should_keep_every_example_task_within_half_of_each_cap(string file)
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var spec = TaskSpecReader.Parse(File.ReadAllText(Path.Combine(Compiling_the_example_tasks.ExamplesDirectory, file)));
        var compiled = new TaskCompiler(new ScenarioCoder()).Compile(spec);
        var runs = await TestSupport.RunAsync(compiled.Script.Source, (5, 1.0), (5, MaxScale));
        foreach (var run in runs) AssertWellInside(run.Mjcf, $"{file} x{run.Scale}");
    }

    private static double MaxScale => GenerationOptions.DefaultExtraScales.Append(1.0).Max();

    private void AssertWellInside(string mjcf, string what)
    {
        var half = new MujocoLimits();
        var limits = new MujocoLimits();
        half.MaxXmlBytes /= 2;
        half.MaxElements /= 2;
        half.MaxDepth /= 2;
        half.MaxBodies /= 2;
        half.MaxGeoms /= 2;
        half.MaxJoints /= 2;
        half.MaxConstraintRows /= 2;
        half.MaxTexturePixels /= 2;
        half.MaxModelMegabytes /= 2;
        // Not halved: MuJoCo 2.2.2 allocates njmax x njmax constraint matrices and a stack sized from them, so the
        // 20-block tower (njmax 3360) needs ~600 MiB of mjData; the default cap of 1 GiB is what leaves it room.
        half.MinTimestep *= 2;
        MjcfGate.Check(mjcf, limits);
        using var model = MujocoModel.Compile(mjcf, "template.xml", half);
        var (modelBytes, dataBytes) = model.MemoryBytes;
        output.WriteLine($"{what}: {model.Bodies.Count + 1} bodies, {model.Geoms.Count} geoms, {model.Joints.Count} joints, " +
                         $"model {modelBytes / 1024} KiB, data {dataBytes / 1024} KiB, {mjcf.Length} chars");
        Assert.True(dataBytes > 0);
    }
}

public sealed class Configuring_the_mujoco_budget
{
    [Fact]
    public void Should_bind_the_mujoco_section_into_the_validator()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mujoco:MaxBodies"] = "7",
            ["Mujoco:MinTimestep"] = "0.0005",
            ["Mujoco:MaxStepsPerModel"] = "1234",
        };
        using var provider = new ServiceCollection().AddLogging()
            .AddGeneration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(true);

        var limits = provider.GetRequiredService<ScenarioValidator>().Limits;

        Assert.Equal(7, limits.MaxBodies);
        Assert.Equal(0.0005, limits.MinTimestep);
        Assert.Equal(1234, limits.MaxStepsPerModel);
        Assert.Equal(new MujocoLimits().MaxGeoms, limits.MaxGeoms);
    }

    [Fact]
    public void Should_use_the_defaults_when_nothing_is_configured()
    {
        var limits = new ScenarioValidator(new GenerationOptions()).Limits;
        Assert.Equal(1e-4, limits.MinTimestep);
        Assert.Equal(250_000, limits.MaxStepsPerModel);
    }
}

/// <summary>The caller's token stops the hand's control loop (SkillExecutor steps the model one step at a time).</summary>
public sealed class Cancelling_the_skill_executor
{
    [SkippableFact]
    public async Task Should_stop_a_day_long_guide_soon_after_cancellation()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        var spec = TaskSpecReader.Parse(File.ReadAllText(Path.Combine(Compiling_the_example_tasks.ExamplesDirectory, "26-red-box-to-goal.task.json")));
        var compiled = new TaskCompiler(new ScenarioCoder()).Compile(spec);
        var run = (await TestSupport.RunAsync(compiled.Script.Source, (3, 1.0)))[0];
        using var cts = new CancellationTokenSource();
        using var model = MujocoModel.Compile(run.Mjcf, "skills.xml", new MujocoLimits { MaxStepsPerModel = 0, MaxWallSecondsPerModel = 0 }, cts.Token);
        var scene = new TaskScene(model, ResolvedTask.Read(run.Definition));
        var box = scene.Task.Object("box_1")!;
        var guide = new Skill { Name = "guide", Subject = box.Body, MaxEffort = 50, Duration = 86_400, Waypoints = [[0, 0, 0.3]] };

        var execution = Task.Run(() => new SkillExecutor(scene, [], 1.0, 100).Run(new SkillPlan([guide])));
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        // A bound, not a timing assertion: a day of 2 ms steps would take hours.
        var finished = await Task.WhenAny(execution, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(execution, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution);
    }
}
