using Benchgen.Hosting.S3;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Benchgen.Rendering;

public static class RenderingRegistration
{
    public static IServiceCollection AddRendering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RenderingOptions>().Bind(configuration.GetSection(RenderingOptions.Section));
        // Rendering writes claim checks: with S3 it waits for it at start-up and creates the staging bucket.
        services.AddS3BucketStartup(configuration, S3Buckets.Staging);
        // The same MuJoCo budget as validation (Mujoco:*): a model is compiled only after passing the same gate.
        services.AddOptions<Benchgen.Physics.MujocoLimits>().Bind(configuration.GetSection(Benchgen.Physics.MujocoLimits.SectionName));
        services.AddSingleton<RenderWorkerPool>();
        return services;
    }

    public static void AddRenderingConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<RenderScenarioConsumer>(typeof(RenderScenarioConsumerDefinition));
}

/// <summary>Rendering is CPU-bound on llvmpipe: take no more messages at once than there are cores.</summary>
public sealed class RenderScenarioConsumerDefinition : ConsumerDefinition<RenderScenarioConsumer>
{
    public RenderScenarioConsumerDefinition() => ConcurrentMessageLimit = Math.Max(1, Environment.ProcessorCount);
}
