using Benchgen.Hosting.S3;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Consumers;
using Benchgen.Generation.Llm;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Review;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks.Parsing;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Generation;

/// <summary>Wires the Generation service into a host; the host registers the IClaimCheckStore (claim checks, AddBenchgenMessaging).</summary>
public static class GenerationRegistration
{
    public static IServiceCollection AddGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GenerationOptions>().Bind(configuration.GetSection(GenerationOptions.SectionName));
        // Generation writes claim checks: with S3 it waits for it at start-up and creates the staging bucket.
        services.AddS3BucketStartup(configuration, Benchgen.Hosting.S3.S3Buckets.Staging);
        // The MuJoCo budget (Mujoco:MaxBodies, Mujoco:MinTimestep, ...): every model the validator compiles is held to it.
        services.AddOptions<Benchgen.Physics.MujocoLimits>().Bind(configuration.GetSection(Benchgen.Physics.MujocoLimits.SectionName));
        // Registers the LLM generator and reviewer first when Generation:Llm:Endpoint is set; the TryAdds below then keep them.
        services.AddLlmBackend(configuration);
        services.TryAddSingleton<ScenarioCoder>();
        services.TryAddSingleton<TaskCompiler>();
        // The embedded planner unless the LLM backend registered its own (AddLlmBackend runs first).
        services.TryAddSingleton<ITaskPlanner, TaskParser>();
        services.TryAddSingleton<ScriptSandbox>();
        // The sandbox is probed and logged at start-up (a required bubblewrap that cannot run stops the host there).
        services.AddHostedService<SandboxStartupCheck>();
        services.AddHealthChecks().AddCheck<SandboxHealthCheck>("sandbox", tags: [SandboxHealthCheck.Tag]);
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
        bus.AddConsumer<PlanTaskConsumer>();
    }
}
