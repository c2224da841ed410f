using System.Collections.Concurrent;
using Benchgen.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Benchgen.Hosting.Messaging;

/// <summary>The end of a session as a client sees it: Accepted with URLs, or Rejected/Failed with the reason.</summary>
public sealed record SessionOutcome(Guid SessionId, string State, string? BenchmarkId, AssetUrls? Urls, string? Reason);

/// <summary>
/// Lets a client await the end of sessions it submitted. Register the wait before publishing: the outcome may
/// arrive before the publish call returns.
/// </summary>
public sealed class SessionOutcomeWatcher
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource<SessionOutcome>> waiting = new();

    public Task<SessionOutcome> WaitFor(Guid sessionId) =>
        waiting.GetOrAdd(sessionId, _ => new TaskCompletionSource<SessionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void Complete(SessionOutcome outcome)
    {
        // Outcomes of sessions nobody waits for (another client's) are dropped; awaited ones are handed over once.
        if (waiting.TryRemove(outcome.SessionId, out var completion))
        {
            completion.TrySetResult(outcome);
        }
    }
}

/// <summary>Feeds <see cref="SessionOutcomeWatcher"/>; lives on a temporary (per-client, auto-deleted) endpoint.</summary>
public sealed class SessionOutcomeConsumer(SessionOutcomeWatcher watcher) :
    IConsumer<GenerationSessionCompleted>,
    IConsumer<GenerationSessionFailed>
{
    public Task Consume(ConsumeContext<GenerationSessionCompleted> context)
    {
        var m = context.Message;
        watcher.Complete(new SessionOutcome(m.SessionId, "Accepted", m.BenchmarkId, m.Urls, null));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<GenerationSessionFailed> context)
    {
        var m = context.Message;
        watcher.Complete(new SessionOutcome(m.SessionId, m.State, null, null, m.Reason));
        return Task.CompletedTask;
    }
}

public static class SessionOutcomeRegistration
{
    public const string EndpointPrefix = "session-outcome_";

    /// <summary><c>session-outcome_{32 hex}</c>, unique per call.</summary>
    public static string EndpointName() => EndpointPrefix + Guid.NewGuid().ToString("N");

    public static void AddSessionOutcomeWatcher(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton<SessionOutcomeWatcher>();
        // One auto-deleted queue per client process: a shared name would make two clients compete for each other's
        // outcomes (and drop them). The name pattern is what the producer's RabbitMQ permissions allow.
        bus.AddConsumer<SessionOutcomeConsumer>().Endpoint(e =>
        {
            e.Temporary = true;
            e.Name = EndpointName();
        });
    }
}
