using Benchgen.Generation.Llm;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Microsoft.Extensions.Options;

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

    /// <summary>The catalogue's plan for the stack prompt, as the LLM planner would answer it.</summary>
    public static string StackPlanReply() => LlmPlanSchema.Write(TestSupport.Parser.Parse(StackPrompt)).ToJsonString();

    /// <summary>A script known to pass: the catalogue coder's stack script for the plan the planner reply parses to.</summary>
    public static string GoodStackScript() => TestSupport.Coder.Write(LlmPlanSchema.Parse(StackPlanReply(), StackPrompt)).Source;

    /// <summary>The good script with definition() wrapped to drop the goal zone, so every run fails the definition check.</summary>
    public static string ScriptWithoutGoalZone() => GoodStackScript() + """


        _benchgen_complete_definition = definition


        def definition(seed, scale=1.0):
            d = _benchgen_complete_definition(seed, scale)
            d.pop("goal_zone", None)
            return d
        """ + "\n";

    public static string Fenced(string code, string preamble = "Here is the generator script.") => $"{preamble}\n```python\n{code}\n```\n";

    public static (LlmScenarioGenerator Generator, LlmChatClients Clients) Generator(LlmOptions llm)
    {
        var generation = TestSupport.Options(o =>
        {
            // One variant and no extra scales keep each validation short; the retry loop is what is under test.
            o.DefaultVariants = 1;
            o.ExtraScales = [];
        });
        var clients = LlmChatClients.Create(llm);
        var options = Microsoft.Extensions.Options.Options.Create(llm);
        var validation = new ScriptValidation(new ScriptSandbox(generation), new ScenarioValidator(generation),
            Microsoft.Extensions.Options.Options.Create(generation));
        return (new LlmScenarioGenerator(new LlmPlanner(clients, options), new LlmCoder(clients, options), validation, options), clients);
    }
}
