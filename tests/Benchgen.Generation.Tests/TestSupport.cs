using Benchgen.Generation;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Tasks.Parsing;

namespace Benchgen.Generation.Tests;

internal static class TestSupport
{
    public static readonly ScenarioCoder Coder = new();
    public static readonly TaskParser Planner = new();
    public static readonly TaskCompiler Compiler = new(Coder);

    public static GenerationOptions Options(Action<GenerationOptions>? configure = null)
    {
        var options = new GenerationOptions { ScriptTimeoutSeconds = 30 };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The prompt the way generation takes it: the embedded planner's TaskSpec, compiled by the one compiler.</summary>
    public static CompiledTask Compile(string prompt, string? feedback = null)
    {
        var planned = Planner.Parse(prompt);
        if (!planned.Accepted) throw new InvalidOperationException($"\"{prompt}\" was rejected: {planned.Rejection}");
        return Compiler.Compile(planned.Spec, ReviewAdjustments.FromFeedback(feedback));
    }

    public static GeneratorScript Script(string prompt, string? feedback = null) => Compile(prompt, feedback).Script;

    public static Task<IReadOnlyList<ScriptRun>> RunAsync(string source, params (int Seed, double Scale)[] runs) =>
        new ScriptSandbox(Options()).RunAsync(source, runs);

    public static bool PythonAvailable => File.Exists("/usr/bin/python3") || FindOnPath("python3");

    private static bool FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));
}
