using Benchgen.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benchgen.PromptIntake.Sessions;

/// <summary>
/// Times out sessions stuck past their stage deadline. Debian's RabbitMQ has no delayed-exchange plugin and no
/// scheduler package is served here, so instead of scheduled messages the saga store is polled.
/// </summary>
public sealed class SessionSweeper(IServiceScopeFactory scopes, IOptions<SessionOptions> options, ILogger<SessionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepIntervalSeconds));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Session sweep failed; will retry in {Interval}", interval);
            }
        }
    }

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ISessionQueries>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var overdue = await queries.FindOverdueAsync(DateTime.UtcNow, 500, cancellationToken).ConfigureAwait(false);
        foreach (var session in overdue)
        {
            logger.LogWarning("Session {SessionId} overdue in {State}", session.CorrelationId, session.CurrentState);
            await publisher.Publish(new SessionTimedOut(session.CorrelationId, session.CurrentState, DateTime.UtcNow), cancellationToken).ConfigureAwait(false);
        }

        return overdue.Count;
    }
}
