using Benchgen.Generation.Llm;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Benchgen.Generation.Tests.Llm;

public sealed class Choosing_the_generation_backend
{
    private static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddGeneration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(true);

    [Fact]
    public void Should_use_the_llm_backend_when_an_endpoint_is_configured()
    {
        using var provider = Provider(new()
        {
            ["Generation:Llm:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Generation:Llm:Model"] = "llama3.1",
            ["Generation:Llm:MaxPlannerAttempts"] = "3",
        });

        // The LLM plans; the one compiler and validator generate, as for the embedded parser.
        Assert.IsType<LlmTaskPlanner>(provider.GetRequiredService<ITaskPlanner>());
        Assert.IsType<ScenarioGenerator>(provider.GetRequiredService<IScenarioGenerator>());
        Assert.IsType<LlmReviewer>(provider.GetRequiredService<IScenarioReviewer>());
        var clients = provider.GetRequiredService<LlmChatClients>();
        Assert.Equal("llama3.1", clients.TextModel);
        Assert.Equal("llama3.1", clients.VisionModel);
        Assert.Equal(3, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LlmOptions>>().Value.MaxPlannerAttempts);
    }

    [Fact]
    public void Should_keep_the_catalogue_backend_without_an_endpoint()
    {
        using var provider = Provider(new() { ["Generation:Llm:Model"] = "llama3.1" });

        Assert.IsType<ScenarioGenerator>(provider.GetRequiredService<IScenarioGenerator>());
        Assert.IsType<Benchgen.Generation.Tasks.Parsing.TaskParser>(provider.GetRequiredService<ITaskPlanner>());
        Assert.IsType<HeuristicReviewer>(provider.GetRequiredService<IScenarioReviewer>());
        Assert.Null(provider.GetService<LlmChatClients>());
    }

    [Fact]
    public void Should_name_the_missing_model_setting()
    {
        using var provider = Provider(new() { ["Generation:Llm:Endpoint"] = "http://127.0.0.1:11434/v1" });

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITaskPlanner>());
        Assert.Contains("Generation:Llm:Model", error.Message);
    }
}
