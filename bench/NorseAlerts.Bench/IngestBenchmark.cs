using System.Diagnostics;
using System.Diagnostics.Metrics;
using NorseAlerts.Runtime;

namespace NorseAlerts.Bench;

/// <summary>
/// The figures of one ingest concurrency level; <c>WarmUpEvents</c> were committed before the measurement began (they
/// were in the file when it began).
/// </summary>
internal sealed record IngestResult(int Callers, long Events, double EventsPerSecond, LatencyRecorder Latency, long Failures, double MeanCommitBatch, long WarmUpEvents);

/// <summary>
/// Durable ingest through <c>CaseEngine.IngestAsync</c>: N callers each post one event per call and wait
/// for the commit (WAL, synchronous=FULL) before the next, as integration engines waiting for a 202 do.
/// Every caller walks its own patients through <see cref="Workload.FullScript"/>; group commit shares
/// each fsync between the callers that are waiting at the same time.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>Runs one level on a fresh data directory (scheduler and outbox dispatcher running, as in the Host).</summary>
    public static async Task<IngestResult> RunAsync(int callers, TimeSpan warmUp, TimeSpan duration)
    {
        var dir = BenchRuntime.NewDataDirectory($"ingest-{callers}");
        try
        {
            await using var runtime = BenchRuntime.Create(dir);
            await runtime.StartAsync();
            var onset = TimeProvider.System.GetUtcNow().AddHours(-Workload.ScriptHours - 1);
            var latency = new LatencyRecorder();
            var nextPatient = -1;
            long measured = 0;
            long warmedUp = 0;
            long failures = 0;
            long lastDone = 0;
            var clock = Stopwatch.StartNew();
            var measureFrom = warmUp.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
            var end = measureFrom + (duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);
            long commits = 0;
            long committedItems = 0;
            // Read the instrument first: comparing inside InstrumentPublished would run the telemetry class's
            // static initialiser from within the callback, before the field is assigned.
            var commitBatch = RuntimeTelemetry.CommitBatch;
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument, commitBatch))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((_, items, _, _) =>
            {
                var at = clock.ElapsedTicks;
                if (at >= measureFrom && at <= end)
                {
                    Interlocked.Increment(ref commits);
                    Interlocked.Add(ref committedItems, items);
                }
            });
            listener.Start();

            async Task Caller()
            {
                while (clock.ElapsedTicks < end)
                {
                    var patient = Interlocked.Increment(ref nextPatient);
                    foreach (var e in Workload.FullScript($"BENCH:{callers}:{patient:D7}", onset))
                    {
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

                        var done = clock.ElapsedTicks;
                        if (done < measureFrom)
                        {
                            Interlocked.Increment(ref warmedUp);
                        }
                        else if (started >= measureFrom && done <= end)
                        {
                            latency.Add(done - started);
                            Interlocked.Increment(ref measured);
                            InterlockedMax(ref lastDone, done);
                        }
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(Caller)));
            var seconds = (lastDone - measureFrom) / (double)Stopwatch.Frequency;
            if (CountInbox(runtime) < measured)
            {
                throw new InvalidOperationException("The inbox holds fewer events than were acknowledged: an acknowledged event was lost.");
            }

            return new IngestResult(callers, measured, measured / seconds, latency, failures, committedItems / (double)Math.Max(1, commits), warmedUp);
        }
        finally
        {
            BenchRuntime.Delete(dir);
        }
    }

    private static long CountInbox(EmbeddedRuntime runtime)
    {
        using var connection = runtime.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM inbox";
        return (long)cmd.ExecuteScalar()!;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
