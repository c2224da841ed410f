using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Mongo;
using Benchgen.Hosting.Sagas;
using Benchgen.Persistence;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Dashboard;
using Benchgen.PromptIntake.Sessions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Benchgen.PromptIntake;

public static class PromptIntakeRegistration
{
    /// <summary>Saga and plan-request options, session queries and the overdue-session sweeper.</summary>
    public static IServiceCollection AddPromptIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section));
        services.AddOptions<PlanOptions>().Bind(configuration.GetSection(PlanOptions.Section));
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(MongoDatabases.ConnectionName)))
        {
            services.AddScoped<ISessionQueries, SagaRepositorySessionQueries>();
        }
        else
        {
            services.AddScoped<ISessionQueries, MongoGenerationSessionQueries>();
        }

        services.AddSessionReplyChecks(configuration);
        services.AddDashboard(configuration);
        // Before the bus starts: sessions a previous embedded process left running are ended Failed with that reason.
        services.AddHostedService<EmbeddedRestartReporter>();
        services.AddSingleton<SessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSweeper>());
        return services;
    }

    /// <summary>
    /// What the saga checks replies against (<see cref="SessionReplyChecks"/>): the confined claim-check store and the
    /// artifact store's locations, from the same configuration the other services read.
    /// </summary>
    public static IServiceCollection AddSessionReplyChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBenchgenStorageOptions(configuration);
        services.AddClaimCheckStore(configuration);
        services.TryAddSingleton<ArtifactLocations>();
        services.TryAddSingleton<SessionReplyChecks>();
        return services;
    }

    /// <summary>The GenerationSession saga; its repository is MongoDB when <c>ConnectionStrings:Mongo</c> is set, in-memory otherwise.</summary>
    public static void AddGenerationSessionSaga(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        var saga = bus.AddSagaStateMachine<GenerationSessionStateMachine, GenerationSession>(typeof(GenerationSessionStateDefinition));
        var mongo = configuration.GetConnectionString(MongoDatabases.ConnectionName);
        if (string.IsNullOrWhiteSpace(mongo))
        {
            // Without MongoDB the sessions are files under the data directory, so they survive a restart of this host
            // (Sessions:Store=memory keeps them in memory only).
            if (SessionStore.Kind(configuration) == SessionStore.Memory)
                saga.InMemoryRepository();
            else
                saga.BenchgenFileRepository(SessionStore.Folder(configuration));
        }
        else
        {
            saga.BenchgenMongoRepository(mongo, MongoDatabases.DatabaseName(mongo), GenerationSessionBsonMap.CollectionName,
                GenerationSessionBsonMap.Configure);
        }
    }
}
