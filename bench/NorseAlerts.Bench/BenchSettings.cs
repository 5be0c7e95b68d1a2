namespace NorseAlerts.Bench;

/// <summary>How long and how big each part of the benchmark runs: the full run, or a short smoke run for CI.</summary>
internal sealed record BenchSettings
{
    /// <summary>Concurrent callers for the ingest runs (and the raw SQLite batch sizes they are compared with).</summary>
    public required IReadOnlyList<int> Concurrency { get; init; }

    /// <summary>
    /// Rounds of (ingest, raw) per concurrency level, interleaved so that a burst of load from other processes
    /// on a shared machine hits both sides; throughput is the median of the rounds, latency pools them.
    /// </summary>
    public required int Rounds { get; init; }

    /// <summary>Warm-up of each ingest run (JIT, caches), not measured.</summary>
    public required TimeSpan IngestWarmUp { get; init; }

    /// <summary>How long each ingest concurrency level runs, after its warm-up, in all its slices together.</summary>
    public required TimeSpan IngestDuration { get; init; }

    /// <summary>
    /// Slices of each ingest level; after each, the raw run writes as many events, so that both sides sample the same
    /// disk (a sync on a shared machine takes from 0.2 to 0.4 ms from one minute to the next) and the same file sizes.
    /// </summary>
    public required int Slices { get; init; }


    /// <summary>Deadlines created for the lateness run.</summary>
    public required int Deadlines { get; init; }

    /// <summary>Deadlines fall due uniformly in [<see cref="DeadlinesFrom"/>, <see cref="DeadlinesWithin"/>] after creation starts.</summary>
    public required TimeSpan DeadlinesFrom { get; init; }

    /// <summary>Upper end of the due-time spread of the lateness run.</summary>
    public required TimeSpan DeadlinesWithin { get; init; }

    /// <summary>Active cases in the data directory for the memory and start-time run.</summary>
    public required int ActiveCases { get; init; }

    /// <summary>Whether this is the short smoke run.</summary>
    public required bool Quick { get; init; }

    /// <summary>The figures the issue asks for.</summary>
    public static BenchSettings Full { get; } = new()
    {
        Concurrency = [1, 8, 64],
        Rounds = 5,
        IngestWarmUp = TimeSpan.FromSeconds(2),
        IngestDuration = TimeSpan.FromSeconds(8),
        Slices = 4,
        Deadlines = 10_000,
        DeadlinesFrom = TimeSpan.FromSeconds(5),
        DeadlinesWithin = TimeSpan.FromSeconds(60),
        ActiveCases = 100_000,
        Quick = false,
    };

    /// <summary>A run of well under a minute that exercises every part (numbers not meaningful).</summary>
    public static BenchSettings Smoke { get; } = new()
    {
        Concurrency = [1, 8, 64],
        Rounds = 1,
        IngestWarmUp = TimeSpan.FromMilliseconds(500),
        IngestDuration = TimeSpan.FromSeconds(2),
        Slices = 2,
        Deadlines = 1_000,
        DeadlinesFrom = TimeSpan.FromSeconds(3),
        DeadlinesWithin = TimeSpan.FromSeconds(8),
        ActiveCases = 5_000,
        Quick = true,
    };
}
