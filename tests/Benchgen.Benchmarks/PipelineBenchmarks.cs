using BenchmarkDotNet.Attributes;
using Benchgen.Generation;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Physics;
using Benchgen.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Benchmarks;

/// <summary>The MuJoCo work of one benchmark, on the canonical "A stack of 3 blocks" model.</summary>
[MemoryDiagnoser]
public class PhysicsBenchmarks
{
    string mjcf = "";
    MujocoModel model = null!;

    [GlobalSetup]
    public void Setup()
    {
        mjcf = Pipeline.StackModelAsync().GetAwaiter().GetResult();
        model = MujocoModel.Compile(mjcf);
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    [Benchmark(Description = "compile MJCF")]
    public int Compile()
    {
        using var compiled = MujocoModel.Compile(mjcf);
        return compiled.Bodies.Count;
    }

    [Benchmark(Description = "simulate 2 s (1,000 steps) with checks")]
    public double Simulate() => model.Simulate(new SimulationOptions(2.0)).MaxBodySpeed;

    [Benchmark(Description = "render 24 views + segmentation, bundle, contact sheet")]
    public int Render()
    {
        // A renderer belongs to its thread; BenchmarkDotNet may run iterations on different threads.
        using var renderer = new OffscreenRenderer();
        return RenderScenarioConsumer.Render(renderer, mjcf, "block_3").PreviewBundle.Length;
    }
}

/// <summary>Generation of one benchmark: planner → coder → sandboxed script (5 seeds + scales) → MuJoCo validation.</summary>
public class GenerationBenchmarks
{
    IScenarioGenerator generator = null!;

    [GlobalSetup]
    public void Setup() => generator = Pipeline.Services().GetRequiredService<IScenarioGenerator>();

    [Benchmark(Description = "generate + validate 'A stack of 3 blocks'")]
    public async Task<int> Generate() => (await generator.GenerateAsync("A stack of 3 blocks", 1, 4, null)).Variants.Count;
}

static class Pipeline
{
    public static IServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().Build();
        return new ServiceCollection().AddLogging().AddGeneration(configuration).BuildServiceProvider();
    }

    public static async Task<string> StackModelAsync() =>
        (await Services().GetRequiredService<IScenarioGenerator>().GenerateAsync("A stack of 3 blocks", 1, null, null)).CanonicalMjcf;
}
