using System.Diagnostics;
using System.Diagnostics.Metrics;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime;

namespace NorseAlerts.Bench;

/// <summary>The figures of one ingest slice (or of several added up).</summary>
internal sealed record IngestResult(long Events, double Seconds, LatencyRecorder Latency, long Failures, long Commits, long CommittedItems, LatencyRecorder CommitLatency)
{
    /// <summary>Events acknowledged per second of the slices.</summary>
    public double EventsPerSecond => Events / Seconds;

    /// <summary>Work items per group commit.</summary>
    public double MeanCommitBatch => CommittedItems / (double)Math.Max(1, Commits);

    /// <summary>Both slices' figures together.</summary>
    public IngestResult Plus(IngestResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var latency = new LatencyRecorder();
        latency.Add(Latency);
        latency.Add(other.Latency);
        var commitLatency = new LatencyRecorder();
        commitLatency.Add(CommitLatency);
        commitLatency.Add(other.CommitLatency);
        return new(Events + other.Events, Seconds + other.Seconds, latency, Failures + other.Failures, Commits + other.Commits, CommittedItems + other.CommittedItems, commitLatency);
    }
}

/// <summary>
/// Durable ingest through <c>CaseEngine.IngestAsync</c>: N callers each post one event per call and wait
/// for the commit (WAL, synchronous=FULL) before the next, as integration engines waiting for a 202 do.
/// Every caller walks its own patients through <see cref="Workload.FullScript"/>; group commit shares
/// each fsync between the callers that are waiting at the same time. The level runs in slices on one data directory
/// (scheduler and outbox dispatcher running, as in the Host), so that the raw run can write between them.
/// </summary>
internal sealed class IngestBenchmark : IAsyncDisposable
{
    private readonly string dir;
    private readonly EmbeddedRuntime runtime;
    private readonly DateTimeOffset onset = TimeProvider.System.GetUtcNow().AddHours(-Workload.ScriptHours - 1);
    private readonly IReadOnlyList<ClinicalEvent>?[] scripts;
    private readonly int[] steps;
    private readonly MeterListener listener = new();
    private int nextPatient = -1;
    private long acknowledged;
    private long commits;
    private long committedItems;
    private string lastReceivedAt = "";
    // The writer's commit times (norsealerts.store.commit) of the slice running now.
    private LatencyRecorder commitTimes = new();

    private IngestBenchmark(int callers)
    {
        Callers = callers;
        dir = BenchRuntime.NewDataDirectory($"ingest-{callers}");
        runtime = BenchRuntime.Create(dir);
        scripts = new IReadOnlyList<ClinicalEvent>?[callers];
        steps = new int[callers];

        // Read the instrument first: comparing inside InstrumentPublished would run the telemetry class's
        // static initialiser from within the callback, before the field is assigned.
        var commitBatch = RuntimeTelemetry.CommitBatch;
        var commitTime = RuntimeTelemetry.Commits;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, commitBatch) || ReferenceEquals(instrument, commitTime))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        // Synced commits only: raw syncs every commit, and the runtime's bookkeeping-only commits do not sync.
        listener.SetMeasurementEventCallback<double>((_, milliseconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: RuntimeTelemetry.SyncedTag, Value: true })
                {
                    Volatile.Read(ref commitTimes).Add(TimeSpan.FromMilliseconds(milliseconds));
                }
            }
        });
        listener.SetMeasurementEventCallback<int>((_, items, _, _) =>
        {
            Interlocked.Increment(ref commits);
            Interlocked.Add(ref committedItems, items);
        });
        listener.Start();
    }

    /// <summary>Concurrent callers.</summary>
    public int Callers { get; }

    /// <summary>Starts a level on a fresh data directory.</summary>
    public static async Task<IngestBenchmark> StartAsync(int callers)
    {
        var level = new IngestBenchmark(callers);
        await level.runtime.StartAsync();
        return level;
    }

    /// <summary>
    /// Runs the callers for about <paramref name="duration"/>: each stops sending when it is up; the slice ends when
    /// the last call answers, and every call of the slice counts.
    /// </summary>
    public async Task<IngestResult> RunAsync(TimeSpan duration)
    {
        var latency = new LatencyRecorder();
        long events = 0;
        long failures = 0;
        var clock = Stopwatch.StartNew();
        var end = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var commitsBefore = Interlocked.Read(ref commits);
        var itemsBefore = Interlocked.Read(ref committedItems);
        var sliceCommits = new LatencyRecorder();
        Volatile.Write(ref commitTimes, sliceCommits);

        async Task Caller(int caller)
        {
            while (clock.ElapsedTicks < end)
            {
                if (scripts[caller] is not { } script || steps[caller] == script.Count)
                {
                    script = scripts[caller] = Workload.FullScript($"BENCH:{Callers}:{Interlocked.Increment(ref nextPatient):D7}", onset);
                    steps[caller] = 0;
                }

                var e = script[steps[caller]++];
                var started = clock.ElapsedTicks;
                try
                {
                    await runtime.Engine.IngestAsync([e], "bench");
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                latency.Add(clock.ElapsedTicks - started);
                Interlocked.Increment(ref events);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(() => Caller(c))));
        var seconds = clock.ElapsedTicks / (double)Stopwatch.Frequency;
        Interlocked.Add(ref acknowledged, events);
        Volatile.Write(ref commitTimes, new LatencyRecorder());
        return new IngestResult(events, seconds, latency, failures, Interlocked.Read(ref commits) - commitsBefore, Interlocked.Read(ref committedItems) - itemsBefore, sliceCommits);
    }

    /// <summary>
    /// The events committed since the last call, grouped as the writer committed them, in commit order: each
    /// transaction stamps its inbox rows with its own time, so the rows that share a time are one commit. Each event is
    /// named by its patient and its step in <see cref="Workload.FullScript"/> (<see cref="Workload.ParseId"/>).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<(string Patient, int Step)>> TakeCommittedTransactions()
    {
        using var connection = runtime.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, received_at FROM inbox WHERE source = $s AND received_at > $r ORDER BY received_at, id";
        cmd.Parameters.AddWithValue("$s", Workload.Source);
        cmd.Parameters.AddWithValue("$r", lastReceivedAt);
        var transactions = new List<IReadOnlyList<(string, int)>>();
        List<(string, int)>? current = null;
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var receivedAt = reader.GetString(1);
            if (current is null || receivedAt != lastReceivedAt)
            {
                current = [];
                transactions.Add(current);
                lastReceivedAt = receivedAt;
            }

            current.Add(Workload.ParseId(id));
        }

        return transactions;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (CountInbox() < Interlocked.Read(ref acknowledged))
            {
                throw new InvalidOperationException("The inbox holds fewer events than were acknowledged: an acknowledged event was lost.");
            }
        }
        finally
        {
            listener.Dispose();
            await runtime.DisposeAsync();
            BenchRuntime.Delete(dir);
        }
    }

    private long CountInbox()
    {
        using var connection = runtime.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM inbox";
        return (long)cmd.ExecuteScalar()!;
    }
}
