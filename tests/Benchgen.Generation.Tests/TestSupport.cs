using Benchgen.Generation;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;

namespace Benchgen.Generation.Tests;

internal static class TestSupport
{
    public static readonly PromptParser Parser = new();
    public static readonly ScenarioCoder Coder = new();

    public static GenerationOptions Options(Action<GenerationOptions>? configure = null)
    {
        var options = new GenerationOptions { ScriptTimeoutSeconds = 30 };
        configure?.Invoke(options);
        return options;
    }

    public static GeneratorScript Script(string prompt, string? feedback = null) =>
        Coder.Write(Parser.Parse(prompt), ReviewAdjustments.FromFeedback(feedback));

    public static Task<IReadOnlyList<ScriptRun>> RunAsync(string source, params (int Seed, double Scale)[] runs) =>
        new ScriptSandbox(Options()).RunAsync(source, runs);

    public static bool PythonAvailable => File.Exists("/usr/bin/python3") || FindOnPath("python3");

    private static bool FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));
}
