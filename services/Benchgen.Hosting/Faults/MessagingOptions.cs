namespace Benchgen.Hosting.Faults;

/// <summary>
/// <c>Messaging:*</c>: how long transient failures are retried, and how long the intake API waits for the broker.
/// </summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Retries of a message whose consumer failed transiently (S3, broker or MongoDB unreachable).</summary>
    public int TransientRetryLimit { get; set; } = 10;

    /// <summary>The first wait before a transient retry; each further wait doubles, up to <see cref="TransientRetryMaxSeconds"/>.</summary>
    public double TransientRetryMinSeconds { get; set; } = 1;

    public double TransientRetryMaxSeconds { get; set; } = 60;

    /// <summary>How long the intake API waits for a publish to the broker before answering 503.</summary>
    public double PublishTimeoutSeconds { get; set; } = 10;

    /// <summary>The waits between transient retries: min, 2·min, 4·min, … capped at max (about 5 minutes in all by default).</summary>
    public IReadOnlyList<TimeSpan> TransientRetryIntervals()
    {
        var limit = Math.Clamp(TransientRetryLimit, 0, 100);
        var min = Math.Max(0.01, TransientRetryMinSeconds);
        var max = Math.Max(min, TransientRetryMaxSeconds);
        var intervals = new List<TimeSpan>(limit);
        var next = min;
        for (var i = 0; i < limit; i++)
        {
            intervals.Add(TimeSpan.FromSeconds(next));
            next = Math.Min(max, next * 2);
        }

        return intervals;
    }
}
