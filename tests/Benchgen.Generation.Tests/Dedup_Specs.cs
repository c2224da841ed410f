using System.Text.Json.Nodes;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Microsoft.Extensions.Options;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Signing_benchmarks_for_deduplication
{
    private static async Task<JsonObject> BenchmarkAsync(string prompt, int seed)
    {
        var options = TestSupport.Options(o => { o.ExtraScales = []; o.RandomBaselineTrials = 1; });
        var validation = new ScriptValidation(new ScriptSandbox(options), new ScenarioValidator(options), Options.Create(options));
        var compiled = TestSupport.Compile(prompt);
        var (scenario, report) = await validation.RunAsync(compiled.Plan, compiled.Script, prompt, seed, 1,
            (_, _) => Task.CompletedTask, CancellationToken.None, spec: compiled.Spec);
        Assert.True(report.Passed, report.Summary);
        return JsonNode.Parse(scenario!.BenchmarkJson)!.AsObject();
    }

    [SkippableFact]
    public async Task Should_give_the_same_prompt_and_seed_the_same_signature_and_content_hash()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");

        var first = await BenchmarkAsync("A stack of 3 blocks", 42);
        var second = await BenchmarkAsync("A stack of 3 blocks", 42);

        Assert.StartsWith(GeometricSignature.Prefix, (string)first["signature"]!);
        Assert.Equal((string)first["signature"]!, (string)second["signature"]!);
        Assert.Equal((string)first["content_hash"]!, (string)second["content_hash"]!);
    }

    [SkippableFact]
    public async Task Should_give_a_different_seed_a_different_signature()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");

        var first = await BenchmarkAsync("A stack of 3 blocks", 42);
        var other = await BenchmarkAsync("A stack of 3 blocks", 43);

        Assert.NotEqual((string)first["signature"]!, (string)other["signature"]!);
        Assert.NotEqual((string)first["content_hash"]!, (string)other["content_hash"]!);
    }

    [SkippableFact]
    public async Task Should_write_provenance_with_backend_versions_prompt_hash_seeds_and_scales()
    {
        Skip.IfNot(TestSupport.PythonAvailable, "python3 is not installed");

        var benchmark = await BenchmarkAsync("A stack of 3 blocks", 42);
        var provenance = benchmark["provenance"]!.AsObject();

        Assert.Equal("catalogue", (string)provenance["backend"]!);
        Assert.Equal("stack", (string)provenance["family"]!);
        Assert.False(string.IsNullOrEmpty((string)provenance["generator_version"]!));
        Assert.Equal(Mujoco.Version, (string)provenance["mujoco_version"]!);
        Assert.Equal(ScriptValidation.Sha256("A stack of 3 blocks"), (string)provenance["prompt_sha256"]!);
        Assert.Equal(42, (int)provenance["seed"]!);
        Assert.Single(provenance["variant_seeds"]!.AsArray());
        Assert.Equal([1.0], provenance["scales"]!.AsArray().Select(n => (double)n!));
        // Readers that take the first "signature" / "generator_version" in document order must find these, not a
        // key a script put in its definition.
        var keys = benchmark.Select(p => p.Key).ToList();
        Assert.True(keys.IndexOf("signature") < keys.IndexOf("definition"));
        Assert.True(keys.IndexOf("provenance") < keys.IndexOf("definition"));
    }

    [Fact]
    public void Should_ignore_names_and_colours_but_not_geometry()
    {
        var scene = new HandMadeScene();
        var renamed = scene.Mjcf().Replace("crate", "parcel").Replace("0.9 0.1 0.1 1", "0.1 0.9 0.1 1");
        var moved = new HandMadeScene { StartX = -0.25 }.Mjcf();
        var definition = BenchmarkDefinition.Read(scene.Definition());

        string Sign(string mjcf)
        {
            using var model = MujocoModel.Compile(mjcf);
            return GeometricSignature.Compute(model, definition);
        }

        Assert.Equal(Sign(scene.Mjcf()), Sign(renamed));
        Assert.NotEqual(Sign(scene.Mjcf()), Sign(moved));
    }

    [Fact]
    public void Should_include_the_goal_zone_in_the_signature()
    {
        using var model = MujocoModel.Compile(new HandMadeScene().Mjcf());

        var near = GeometricSignature.Compute(model, BenchmarkDefinition.Read(new HandMadeScene().Definition()));
        var far = GeometricSignature.Compute(model, BenchmarkDefinition.Read(new HandMadeScene { GoalX = 0.3 }.Definition()));

        Assert.NotEqual(near, far);
    }
}
