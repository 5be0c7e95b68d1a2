using System.Diagnostics;

namespace NorseAlerts.Bench;

/// <summary>Collects durations (thread-safe) and reports percentiles in milliseconds.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> ticks = [];

    /// <summary>Number of samples.</summary>
    public int Count
    {
        get
        {
            lock (ticks)
            {
                return ticks.Count;
            }
        }
    }

    /// <summary>Adds one sample in <see cref="Stopwatch"/> ticks.</summary>
    public void Add(long stopwatchTicks)
    {
        lock (ticks)
        {
            ticks.Add(stopwatchTicks);
        }
    }

    /// <summary>Adds every sample of <paramref name="other"/> (pooling rounds of the same measurement).</summary>
    public void Add(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long[] theirs;
        lock (other.ticks)
        {
            theirs = [.. other.ticks];
        }

        lock (ticks)
        {
            ticks.AddRange(theirs);
        }
    }

    /// <summary>Adds one sample as a <see cref="TimeSpan"/> (may be negative: early).</summary>
    public void Add(TimeSpan span) => Add((long)(span.TotalSeconds * Stopwatch.Frequency));

    /// <summary>The p-th percentile (nearest rank) in milliseconds; NaN without samples.</summary>
    public double Percentile(double p)
    {
        long[] sorted;
        lock (ticks)
        {
            sorted = [.. ticks];
        }

        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>p50 / p99 / max as a short string.</summary>
    public string Summary() => $"p50 {Percentile(50),8:F1} ms  p99 {Percentile(99),8:F1} ms  max {Percentile(100),8:F1} ms";
}
