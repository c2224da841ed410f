using Microsoft.Extensions.Logging;

namespace Benchgen.Hosting.Faults;

/// <summary>
/// Retries one operation inside a consumer while it fails transiently (<see cref="TransientFaults.IsTransient"/>), waiting
/// the given intervals; any other failure, and the last transient one, propagates. For work that must not make the bus
/// redeliver the whole message (storing claim checks after a generation that took minutes).
/// </summary>
public static class TransientRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, IReadOnlyList<TimeSpan> intervals,
        ILogger? logger, string what, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(intervals);
        time ??= TimeProvider.System;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < intervals.Count && TransientFaults.IsTransient(ex))
            {
                logger?.LogWarning("{What} failed transiently (attempt {Attempt}, {Reason}); retrying in {Delay}",
                    what, attempt + 1, TransientFaults.Describe(ex), intervals[attempt]);
                await Task.Delay(intervals[attempt], time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
