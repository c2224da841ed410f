using Benchgen.Generation.Coding;
using Benchgen.Generation.Consumers;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Review;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Benchgen.Generation;

/// <summary>Wires the Generation service into a host; the host registers the IMessageDataRepository (claim checks).</summary>
public static class GenerationRegistration
{
    public static IServiceCollection AddGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GenerationOptions>().Bind(configuration.GetSection(GenerationOptions.SectionName));
        // Families are an open set: later families register more IScenarioFamily implementations the same way.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScenarioFamily, StackFamily>());
        services.TryAddSingleton<PromptParser>();
        services.TryAddSingleton<ScenarioCoder>();
        services.TryAddSingleton<ScriptSandbox>();
        services.TryAddSingleton<ScenarioValidator>();
        services.TryAddSingleton<ScriptValidation>();
        services.TryAddSingleton<ScenarioGenerator>();
        services.TryAddSingleton<IScenarioGenerator>(sp => sp.GetRequiredService<ScenarioGenerator>());
        services.TryAddSingleton<HeuristicReviewer>();
        services.TryAddSingleton<IScenarioReviewer>(sp => sp.GetRequiredService<HeuristicReviewer>());
        return services;
    }

    public static void AddGenerationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GenerateScenarioConsumer, GenerateScenarioConsumerDefinition>();
        bus.AddConsumer<ReviewScenarioConsumer>();
    }
}
