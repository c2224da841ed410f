using Benchgen.Generation.Review;
using Benchgen.Generation.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation.Llm;

public static class LlmRegistration
{
    /// <summary>
    /// Binds <c>Generation:Llm</c>; when its Endpoint is set, registers the LLM task planner, generator and reviewer as
    /// ITaskPlanner, IScenarioGenerator and IScenarioReviewer. Call it before the catalogue's TryAdd registrations
    /// (AddGeneration does), so the embedded planner and catalogue stay the default only when no endpoint is configured.
    /// </summary>
    public static IServiceCollection AddLlmBackend(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LlmOptions.SectionName);
        services.AddOptions<LlmOptions>().Bind(section);
        if (string.IsNullOrWhiteSpace(section[nameof(LlmOptions.Endpoint)])) return services;

        services.TryAddSingleton(sp => LlmChatClients.Create(sp.GetRequiredService<IOptions<LlmOptions>>().Value));
        // The LLM plans a TaskSpec; the one compiler and validator follow, as for the embedded parser.
        services.TryAddSingleton<LlmTaskPlanner>();
        services.TryAddSingleton<ITaskPlanner>(sp => sp.GetRequiredService<LlmTaskPlanner>());
        services.TryAddSingleton<LlmReviewer>();
        services.TryAddSingleton<IScenarioReviewer>(sp => sp.GetRequiredService<LlmReviewer>());
        return services;
    }
}
