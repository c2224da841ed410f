using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Benchgen.Physics;

/// <summary>
/// A recorded motion of a model: its generalized positions (qpos) sampled every <see cref="SecondsPerSample"/> of
/// simulated time, first sample at t = 0. What the reference-solution animation is drawn from. The JSON form
/// (<c>benchgen.trajectory/v1</c>) prints every number with six decimals, so one replay gives the same bytes every time.
/// </summary>
public sealed record Trajectory(int PositionCount, double SecondsPerSample, IReadOnlyList<double[]> Samples)
{
    public const string Format = "benchgen.trajectory/v1";

    /// <summary>A trajectory read from a message is held to these bounds (a claim check is another service's bytes).</summary>
    public const int MaxSamples = 4096, MaxPositions = 4096;
    public const int MaxJsonBytes = 16 * 1024 * 1024;

    /// <summary>Simulated seconds from the first sample to the last.</summary>
    public double Duration => Samples.Count <= 1 ? 0 : (Samples.Count - 1) * SecondsPerSample;

    /// <summary>
    /// <paramref name="count"/> samples evenly spaced from the first to the last (both included; samples repeat when the
    /// trajectory has fewer): always exactly <paramref name="count"/> entries.
    /// </summary>
    public IReadOnlyList<double[]> Pick(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (Samples.Count == 0) throw new InvalidOperationException("The trajectory has no samples.");
        var picked = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var index = count == 1 ? 0 : (int)Math.Round((double)i * (Samples.Count - 1) / (count - 1), MidpointRounding.AwayFromZero);
            picked[i] = Samples[index];
        }
        return picked;
    }

    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append("{\"format\":\"").Append(Format).Append("\",\"nq\":").Append(PositionCount.ToString(CultureInfo.InvariantCulture))
          .Append(",\"seconds_per_sample\":").Append(Number(SecondsPerSample)).Append(",\"samples\":[");
        for (var i = 0; i < Samples.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append('[');
            var q = Samples[i];
            for (var k = 0; k < q.Length; k++)
            {
                if (k > 0) sb.Append(',');
                sb.Append(Number(q[k]));
            }
            sb.Append(']');
        }
        return sb.Append("]}").ToString();
    }

    private static string Number(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Reads the JSON form strictly: the format, sizes within the bounds, every sample nq finite numbers.</summary>
    /// <exception cref="FormatException">The text is not a usable trajectory; the message says why.</exception>
    public static Trajectory Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxJsonBytes) throw new FormatException($"the trajectory is larger than {MaxJsonBytes} bytes");
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the trajectory is not a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new FormatException($"the trajectory's format is not {Format}");
            if (!root.TryGetProperty("nq", out var nqElement) || !nqElement.TryGetInt32(out var nq) || nq is < 0 or > MaxPositions)
                throw new FormatException($"the trajectory's nq is not a count of 0–{MaxPositions}");
            if (!root.TryGetProperty("seconds_per_sample", out var dtElement) || dtElement.ValueKind != JsonValueKind.Number
                || dtElement.GetDouble() is var dt && (!double.IsFinite(dt) || dt <= 0))
                throw new FormatException("the trajectory's seconds_per_sample is not a positive number");
            if (!root.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array)
                throw new FormatException("the trajectory has no samples array");
            var count = samples.GetArrayLength();
            if (count is < 1 or > MaxSamples) throw new FormatException($"the trajectory has {count} samples (1–{MaxSamples})");
            var list = new List<double[]>(count);
            foreach (var sample in samples.EnumerateArray())
            {
                if (sample.ValueKind != JsonValueKind.Array || sample.GetArrayLength() != nq)
                    throw new FormatException($"sample {list.Count} of the trajectory is not {nq} numbers");
                var q = new double[nq];
                var k = 0;
                foreach (var v in sample.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(q[k] = v.GetDouble()))
                        throw new FormatException($"sample {list.Count} of the trajectory holds something that is not a finite number");
                    k++;
                }
                list.Add(q);
            }
            return new Trajectory(nq, dt, list);
        }
        catch (JsonException ex)
        {
            throw new FormatException("the trajectory is not valid JSON: " + ex.Message, ex);
        }
    }
}

/// <summary>
/// Records a model's qpos while something else steps it: call <see cref="Observe"/> after every step. Keeps one sample
/// every <c>everySteps</c> steps; when <paramref name="maxSamples"/> would be passed it drops every other sample and
/// doubles the interval, so memory stays bounded and the result depends only on the steps taken (deterministic).
/// </summary>
public sealed class TrajectoryRecorder
{
    private readonly List<double[]> _samples = [];
    private readonly int _maxSamples;
    private int _every;
    private long _steps;
    private int _positions = -1;
    private double _timestep;

    public TrajectoryRecorder(int everySteps = 10, int maxSamples = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everySteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 2);
        _every = everySteps;
        _maxSamples = maxSamples;
    }

    /// <summary>Records the starting pose (t = 0); called once before the first step.</summary>
    public void Start(MujocoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _samples.Clear();
        _steps = 0;
        _positions = model.PositionCount;
        _timestep = model.Timestep;
        _samples.Add(model.Positions());
    }

    /// <summary>One step was taken.</summary>
    public void Observe(MujocoModel model)
    {
        if (_positions < 0) Start(model);
        _steps++;
        if (_steps % _every != 0) return;
        if (_samples.Count == _maxSamples)
        {
            // Keep samples 0, 2, 4, … (multiples of the doubled interval) and carry on at that interval.
            for (var i = 0; 2 * i < _samples.Count; i++) _samples[i] = _samples[2 * i];
            _samples.RemoveRange((_samples.Count + 1) / 2, _samples.Count - (_samples.Count + 1) / 2);
            _every *= 2;
            if (_steps % _every != 0) return;
        }
        _samples.Add(model.Positions());
    }

    public int SampleCount => _samples.Count;

    /// <summary>What was recorded (null before <see cref="Start"/>).</summary>
    public Trajectory? Result => _positions < 0 ? null : new Trajectory(_positions, _every * _timestep, _samples.ToArray());
}
