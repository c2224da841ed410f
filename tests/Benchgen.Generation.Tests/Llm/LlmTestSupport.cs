using Benchgen.Generation.Llm;

namespace Benchgen.Generation.Tests.Llm;

internal static class LlmTestSupport
{
    public const string StackPrompt = "A stack of 3 blocks";

    public static LlmOptions Options(string endpoint, Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions { Endpoint = endpoint, Model = "test-coder", VisionModel = "test-vision", TimeoutSeconds = 60 };
        configure?.Invoke(options);
        return options;
    }

    public static string Fenced(string code, string preamble = "Here is the generator script.") => $"{preamble}\n```python\n{code}\n```\n";
}
