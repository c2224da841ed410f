using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Benchgen.Rendering;
using Xunit;
using static Benchgen.Security.Tests.Mjcf_Hostile;

namespace Benchgen.Security.Tests;

/// <summary>
/// Issue 8 item 3, "MuJoCo reads the host": MJCF naming host files (texture / mesh / hfield / skin file=, include,
/// asset directories, plugins) is refused before MuJoCo compiles it, by the one gate every compile path goes through;
/// nothing is opened, and the refusal reads the same whether the file exists or not.
/// </summary>
public sealed class Mjcf_HostFiles_Specs
{
    /// <summary>Each way MJCF can make MuJoCo open a host file; {0} is the path.</summary>
    public static TheoryData<string, string> Vectors => new()
    {
        { "texture", Scene(head: """<asset><texture name="t" type="2d" file="{0}"/><material name="m" texture="t"/></asset>""") },
        { "cube texture", Scene(head: """<asset><texture name="t" type="cube" fileup="{0}"/></asset>""") },
        { "mesh", Scene(head: """<asset><mesh name="m" file="{0}"/></asset>""", world: """<geom type="mesh" mesh="m"/>""") },
        { "hfield", Scene(head: """<asset><hfield name="h" file="{0}" size="1 1 0.1 0.1"/></asset>""", world: """<geom type="hfield" hfield="h"/>""") },
        { "skin", Scene(head: """<asset><skin name="s" file="{0}"/></asset>""") },
        { "include", Scene(head: """<include file="{0}"/>""") },
        { "assetdir", Scene(head: """<compiler assetdir="{1}"/><asset><texture name="t" type="2d" builtin="checker" width="8" height="8"/></asset>""") },
        { "meshdir", Scene(head: """<compiler meshdir="{1}"/>""") },
        { "texturedir", Scene(head: """<compiler texturedir="{1}"/>""") },
        { "plugin", Scene(head: """<extension><plugin plugin="mujoco.pid"/></extension>""") },
    };

    private static string Poison(string template, string file) =>
        template.Replace("{0}", file).Replace("{1}", Path.GetDirectoryName(file));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Is_refused_before_compiling_and_says_nothing_about_the_file(string vector, string template)
    {
        using var files = new SecretFiles();
        var existing = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(Poison(template, files.Secret), "seed-7.xml"));
        var missing = Assert.Throws<ModelRejectedException>(() => MujocoModel.Compile(Poison(template, files.Missing), "seed-7.xml"));

        Assert.StartsWith("seed-7.xml was refused before compiling: ", existing.Message);
        Assert.True(existing.Message.Contains("models may not reference files") || existing.Message.Contains("plugins are not allowed"),
            $"{vector}: {existing.Message}");
        // Same words whether the file is there or not, and neither its path nor its contents.
        Assert.Equal(existing.Message, missing.Message);
        Assert.DoesNotContain(SecretFiles.Marker, existing.Message);
        Assert.DoesNotContain(files.Directory, existing.Message);
    }

    [Theory]
    [InlineData("texture")]
    [InlineData("mesh")]
    [InlineData("include")]
    public async Task Never_opens_the_file(string vector)
    {
        // A FIFO hangs whoever opens it for reading: if MuJoCo (or anything before it) opened the path, Compile would
        // not return. The gate answers at once.
        using var files = new SecretFiles();
        var fifo = files.Fifo();
        var template = Vectors.Single(row => (string)row[0] == vector)[1];
        var compile = Task.Run(() => MujocoModel.Compile(Poison((string)template, fifo)));
        var finished = await Task.WhenAny(compile, Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != compile) SecretFiles.Release(fifo);
        Assert.Same(compile, finished);
        await Assert.ThrowsAsync<ModelRejectedException>(() => compile);
    }

    [Fact]
    public void A_script_whose_model_names_a_host_png_is_a_rejected_scenario_not_a_crash()
    {
        using var files = new SecretFiles();
        var mjcf = Poison((string)Vectors.Single(row => (string)row[0] == "texture")[1], files.Secret);

        var report = new ScenarioValidator(Options()).Validate(Plan(), [Run(mjcf)]);

        Assert.False(report.Passed);
        var compiles = report.Runs[0].Checks.Single(c => c.Name == "compiles");
        Assert.False(compiles.Passed);
        Assert.Contains("the model names a file (<texture file=…>): models may not reference files", compiles.Detail);
        Assert.DoesNotContain(SecretFiles.Marker, report.Summary);
        Assert.DoesNotContain(files.Directory, report.Summary);
    }

    [Fact]
    public void Rendering_refuses_the_same_model_so_the_png_never_reaches_a_preview()
    {
        using var files = new SecretFiles();
        var mjcf = Poison((string)Vectors.Single(row => (string)row[0] == "texture")[1], files.Secret)
            .Replace("""<geom name="floor" type="plane" size="3 3 0.1"/>""", """<geom name="floor" type="plane" size="3 3 0.1" material="m"/>""");
        using var renderer = new OffscreenRenderer(64, 48);

        var ex = Assert.Throws<ModelRejectedException>(() => RenderScenarioConsumer.Render(renderer, mjcf, "block_1"));

        Assert.Contains("models may not reference files", ex.Message);
    }

    [Fact]
    public void The_same_scene_without_the_file_compiles_so_the_refusal_is_the_file()
    {
        // The control: the poisoned scenes differ from a valid model only in the file reference.
        using var model = MujocoModel.Compile(Scene(head: """<asset><texture name="t" type="2d" builtin="checker" width="8" height="8"/></asset>"""));
        Assert.Single(model.Bodies);
    }
}
