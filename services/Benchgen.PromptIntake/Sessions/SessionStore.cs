using Benchgen.Hosting.Messaging;
using Benchgen.Hosting.Sagas;
using Benchgen.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>Where sessions live without MongoDB (<c>Sessions:Store</c>).</summary>
public static class SessionStore
{
    public const string File = "file";
    public const string Memory = "memory";

    /// <summary><c>file</c> (default): JSON files under <c>{DataDir}/sagas/generation_sessions</c>; <c>memory</c>: lost with the process.</summary>
    public static string Kind(IConfiguration configuration) =>
        string.Equals(configuration[$"{SessionOptions.Section}:Store"], Memory, StringComparison.OrdinalIgnoreCase) ? Memory : File;

    public static string Folder(IConfiguration configuration)
    {
        var dataDir = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.DataDir ?? new StorageOptions().DataDir;
        return Path.Combine(Path.GetFullPath(dataDir), "sagas", GenerationSessionBsonMap.CollectionName);
    }
}

/// <summary>
/// Embedded (in-memory transport) with the file store: the queues that held a running session's work died with the
/// previous process, so no reply will ever come. At start-up, before the bus runs, every unfinished session is ended
/// Failed with that reason instead of waiting for its deadline; finished sessions are kept as they were. On RabbitMQ
/// the queues are durable and such sessions simply continue.
/// </summary>
public sealed class EmbeddedRestartReporter(IServiceProvider services, IConfiguration configuration, ILogger<EmbeddedRestartReporter> logger, TimeProvider? time = null)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (BenchgenMessaging.UsesRabbitMq(configuration) || services.GetService<FileSagaStore<GenerationSession>>() is not { Persistent: true } store)
            return Task.CompletedTask;
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var orphaned = 0;
        foreach (var id in store.Query(s => s.FinishedAt is null && s.CurrentState is not ("Initial" or "")))
        {
            if (store.Load(id) is not { } session)
                continue;
            var reason = $"the embedded host restarted while this session was in {session.CurrentState} (stage '{session.Stage}'); " +
                         "its queued work was lost with the previous process";
            session.FailureReason = reason;
            session.Finish("failed", reason, now);
            session.CurrentState = GenerationSessionStates.Failed;
            store.Update(session);
            orphaned++;
        }

        if (orphaned > 0)
            logger.LogWarning("{Count} session(s) were running when the previous embedded host stopped; they are now Failed with that reason", orphaned);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
