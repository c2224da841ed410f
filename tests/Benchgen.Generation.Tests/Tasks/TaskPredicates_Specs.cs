using Benchgen.Generation.Coding;
using Benchgen.Generation.Tasks;
using Benchgen.Physics;
using Benchgen.Tasks;
using Xunit;

namespace Benchgen.Generation.Tests.Tasks;

/// <summary>A compiled scene to set objects in by hand and read predicates from.</summary>
internal sealed class BuiltScene : IDisposable
{
    private BuiltScene(MujocoModel model, TaskScene scene)
    {
        Model = model;
        Scene = scene;
    }

    public MujocoModel Model { get; }
    public TaskScene Scene { get; }

    public static async Task<BuiltScene> FromAsync(string specJson, int seed = 3)
    {
        var spec = TaskSpecReader.Parse(specJson);
        var compiled = new TaskCompiler(new ScenarioCoder()).Compile(spec);
        var run = (await TestSupport.RunAsync(compiled.Script.Source, (seed, 1.0)))[0];
        var model = MujocoModel.Compile(run.Mjcf);
        var scene = new TaskScene(model, ResolvedTask.Read(run.Definition));
        scene.Reset();
        return new BuiltScene(model, scene);
    }

    public static Task<BuiltScene> ExampleAsync(string file, int seed = 3) =>
        FromAsync(File.ReadAllText(Path.Combine(Compiling_the_example_tasks.ExamplesDirectory, file)), seed);

    /// <summary>Moves a free object so its footprint centre is at (x, y) and its bottom at <paramref name="bottom"/>.</summary>
    public void Place(string id, double x, double y, double bottom)
    {
        var box = Scene.Box(id);
        var body = Scene.BodyId(Scene.Task.Object(id)!.Body);
        var origin = Model.BodyPosition(body);
        Model.SetFreeBodyPosition(body, new Vec3(origin.X + x - box.Center.X, origin.Y + y - box.Center.Y, origin.Z + bottom - box.Min.Z));
        Model.Forward();
    }

    public bool Holds(string name, params string[] args) => TaskPredicates.Evaluate(Scene, new Predicate(name, args)).Holds;

    public bool Holds(string name, double value, string arg) =>
        TaskPredicates.Evaluate(Scene, new Predicate(name, arg) { Value = value }).Holds;

    public TaskOutcome Run(params Skill[] steps) =>
        new SkillExecutor(Scene, [], 1.0, 100).Run(new SkillPlan(steps));

    public void Dispose() => Model.Dispose();
}

public sealed class Reading_spatial_predicates_on_a_built_scene
{
    private const string Blocks = """
        {"spec": "benchgen.task/v1", "objects": [
          {"id": "block_1", "kind": "block"}, {"id": "block_2", "kind": "block"}, {"id": "plate_1", "kind": "plate"},
          {"id": "bowl_1", "kind": "bowl", "size": "large"}],
         "goal": [{"predicate": "on", "args": ["block_1", "plate_1"]}]}
        """;

    [SkippableFact]
    public async Task Should_tell_on_and_off_from_the_support_under_an_object()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.FromAsync(Blocks);
        var plate = s.Scene.Box("plate_1");
        Assert.False(s.Holds("on", "block_1", "plate_1"));
        Assert.True(s.Holds("off", "block_1", "plate_1"));
        Assert.True(s.Holds("on", "block_1", "floor"));
        s.Place("block_1", plate.Center.X, plate.Center.Y, plate.Max.Z);
        Assert.True(s.Holds("on", "block_1", "plate_1"));
        Assert.False(s.Holds("off", "block_1", "plate_1"));
        Assert.False(s.Holds("on", "block_1", "floor"));
        // Hovering 5 cm above the plate is not resting on it.
        s.Place("block_1", plate.Center.X, plate.Center.Y, plate.Max.Z + 0.05);
        Assert.False(s.Holds("on", "block_1", "plate_1"));
        Assert.True(s.Holds("lifted", 0.04, "block_1"));
        Assert.False(s.Holds("lifted", 0.2, "block_1"));
    }

    [SkippableFact]
    public async Task Should_read_directions_in_the_default_cameras_frame()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.FromAsync(Blocks);
        s.Place("block_2", 0, 0, 0);
        s.Place("block_1", -0.12, 0, 0);
        Assert.True(s.Holds("left_of", "block_1", "block_2"));
        Assert.False(s.Holds("right_of", "block_1", "block_2"));
        Assert.True(s.Holds("right_of", "block_2", "block_1"));
        s.Place("block_1", 0, -0.12, 0);
        Assert.True(s.Holds("in_front_of", "block_1", "block_2"));
        Assert.False(s.Holds("behind", "block_1", "block_2"));
        Assert.False(s.Holds("left_of", "block_1", "block_2"));
        s.Place("block_1", 0, 0.12, 0);
        Assert.True(s.Holds("behind", "block_1", "block_2"));
        // Far away is not "left of" in the sense a task means it.
        s.Place("block_1", -0.55, 0, 0);
        Assert.False(s.Holds("left_of", "block_1", "block_2"));
    }

    [SkippableFact]
    public async Task Should_tell_next_to_between_stacked_and_in()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.FromAsync(Blocks);
        var b2 = s.Scene.Box("block_2");
        s.Place("block_2", 0, 0, 0);
        b2 = s.Scene.Box("block_2");
        var width = s.Scene.Box("block_1").Size.X;
        s.Place("block_1", b2.Max.X + width / 2 + 0.003, 0, 0);
        Assert.True(s.Holds("next_to", "block_1", "block_2"));
        s.Place("block_1", b2.Max.X + width / 2 + 0.2, 0, 0);
        Assert.False(s.Holds("next_to", "block_1", "block_2"));
        s.Place("plate_1", -0.3, 0, 0);
        s.Place("block_1", -0.15, 0.01, 0);
        Assert.True(s.Holds("between", "block_1", "plate_1", "block_2"));
        s.Place("block_1", 0.3, 0, 0);
        Assert.False(s.Holds("between", "block_1", "plate_1", "block_2"));
        s.Place("block_1", 0, 0, b2.Max.Z);
        Assert.True(s.Holds("stacked", "block_2", "block_1"));
        Assert.False(s.Holds("stacked", "block_1", "block_2"));
        var cavity = s.Scene.Anchor("bowl_1", "cavity")!.Value;
        Assert.False(s.Holds("in", "block_1", "bowl_1"));
        s.Place("block_1", cavity.Center.X, cavity.Center.Y, cavity.Min.Z + 0.001);
        Assert.True(s.Holds("in", "block_1", "bowl_1"));
    }

    [SkippableFact]
    public async Task Should_tell_inserted_from_out_of_a_socket()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.ExampleAsync("13-unplug-peg-sideways.task.json");
        Assert.True(s.Holds("inserted", "peg_1", "socket_1"));
        Assert.False(s.Holds("out_of", "peg_1", "socket_1"));
        s.Place("peg_1", -0.5, -0.5, 0);
        Assert.False(s.Holds("inserted", "peg_1", "socket_1"));
        Assert.True(s.Holds("out_of", "peg_1", "socket_1"));
    }

    [SkippableFact]
    public async Task Should_tell_under_and_at()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.ExampleAsync("21-mug-under-coffee-machine.task.json");
        Assert.False(s.Holds("under", "mug_1", "coffee_machine_1"));
        var space = s.Scene.Anchor("coffee_machine_1", "under")!.Value;
        s.Place("mug_1", space.Center.X, space.Center.Y, space.Min.Z);
        Assert.True(s.Holds("under", "mug_1", "coffee_machine_1"));

        using var puck = await BuiltScene.ExampleAsync("11-push-puck-to-goal.task.json");
        Assert.False(puck.Holds("at", "puck_1", "goal"));
        var zone = puck.Scene.Task.GoalZone!.Value;
        puck.Place("puck_1", zone.Center.X, zone.Center.Y, 0);
        Assert.True(puck.Holds("at", "puck_1", "goal"));
    }
}

public sealed class Reading_part_and_pose_predicates_on_a_built_scene
{
    [SkippableFact]
    public async Task Should_tell_open_from_closed()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.ExampleAsync("02-open-middle-drawer.task.json");
        Assert.True(s.Holds("closed", "cabinet_1.drawer_middle"));
        Assert.False(s.Holds("open", "cabinet_1.drawer_middle"));
        var part = s.Scene.Part("cabinet_1.drawer_middle");
        var outcome = s.Run(new Skill { Name = "drive", Subject = "cabinet_1.drawer_middle", Target = TaskScene.Ends(part).To * 0.9, MaxEffort = 40 });
        Assert.True(s.Holds("open", "cabinet_1.drawer_middle"), outcome.Detail);
        Assert.False(s.Holds("closed", "cabinet_1.drawer_middle"));
        Assert.True(s.Holds("closed", "cabinet_1.drawer_top"));
    }

    [SkippableFact]
    public async Task Should_tell_turned_on_from_turned_off_and_pressed_from_rest()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var stove = await BuiltScene.ExampleAsync("05-turn-on-stove.task.json");
        Assert.True(stove.Holds("turned_off", "stove_1.knob"));
        Assert.False(stove.Holds("turned_on", "stove_1.knob"));
        var knob = stove.Scene.Part("stove_1.knob");
        stove.Run(new Skill { Name = "drive", Subject = "stove_1.knob", Target = TaskScene.Ends(knob).To, MaxEffort = 4 });
        Assert.True(stove.Holds("turned_on", "stove_1.knob"));
        Assert.False(stove.Holds("turned_off", "stove_1.knob"));

        using var button = await BuiltScene.ExampleAsync("09-press-button-top.task.json");
        Assert.False(button.Holds("pressed", "button_1.button"));
        var cap = button.Scene.Part("button_1");
        button.Run(new Skill { Name = "press", Subject = "button_1", Target = TaskScene.Ends(cap).To, MaxEffort = 40 });
        Assert.True(button.Holds("pressed", "button_1"));
    }

    [SkippableFact]
    public async Task Should_measure_rotation_from_the_start()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.ExampleAsync("10-rotate-dial-180.task.json");
        Assert.False(s.Holds("rotated", 180, "dial_1"));
        var start = s.Scene.StartJointValue(s.Scene.Part("dial_1"));
        s.Run(new Skill { Name = "drive", Subject = "dial_1", Target = start + Math.PI / 2, MaxEffort = 4 });
        Assert.True(s.Holds("rotated", 90, "dial_1"));
        Assert.False(s.Holds("rotated", 180, "dial_1"));
    }

    [SkippableFact]
    public async Task Should_tell_upright_from_toppled()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");
        using var s = await BuiltScene.ExampleAsync("27-knock-over-last-domino.task.json");
        Assert.True(s.Holds("upright", "domino_5"));
        Assert.False(s.Holds("toppled", "domino_5"));
        s.Run(new Skill { Name = "topple", Subject = "domino_5" });
        Assert.True(s.Holds("toppled", "domino_5"));
        Assert.False(s.Holds("upright", "domino_5"));
        Assert.True(s.Holds("upright", "domino_1"));
    }
}
