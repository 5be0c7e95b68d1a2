using System.Diagnostics;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Bench;

/// <summary>The figures of the lateness run.</summary>
internal sealed record DeadlineResult(
    int Deadlines,
    TimeSpan Creation,
    int DueBeforeCreated,
    int Raised,
    int Paged,
    LatencyRecorder RaiseLateness,
    LatencyRecorder PageLateness,
    TimeSpan Waited);

/// <summary>
/// Deadline lateness of the real <c>DeadlineScheduler</c> on the system clock: N cases whose first-line
/// "due soon" reminder falls due at a random moment within the next minute, created through ingest while
/// the scheduler runs. Lateness is the alert's raisedAt (and the moment its page reached the publisher)
/// minus the due time, which is onset + first-line window - due-soon lead of the seed protocol.
/// </summary>
internal static class DeadlineBenchmark
{
    /// <summary>Runs the lateness measurement on a fresh data directory.</summary>
    public static async Task<DeadlineResult> RunAsync(int count, TimeSpan from, TimeSpan within)
    {
        var dir = BenchRuntime.NewDataDirectory("deadlines");
        try
        {
            var pages = new PageClock(AlertKind.FirstLineDueSoon);
            await using var runtime = BenchRuntime.Create(dir, pages);
            await runtime.StartAsync();
            var firstLine = runtime.Pathway.Catalog.Get(ProtocolCatalog.Seed).FirstLine;
            var dueAfterOnset = firstLine.Window.AsDuration - firstLine.DueSoonLead.AsDuration;

            var random = new Random(20260302);
            var start = TimeProvider.System.GetUtcNow();
            var dueByPatient = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var events = new List<ClinicalEvent>(count);
            for (var i = 0; i < count; i++)
            {
                var key = $"BENCH:LATE:{i:D6}";
                var due = start + from + TimeSpan.FromMilliseconds(random.NextDouble() * (within - from).TotalMilliseconds);
                dueByPatient[key] = due;
                events.Add(Workload.Onset(key, due - dueAfterOnset));
            }

            var clock = Stopwatch.StartNew();
            var receipts = await Task.WhenAll(events.Chunk(250).Select(chunk => runtime.Engine.IngestAsync(chunk, "bench")));
            var creation = clock.Elapsed;
            var created = TimeProvider.System.GetUtcNow();
            var dueByCase = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var (e, receipt) in events.Zip(receipts.SelectMany(r => r.Accepted)))
            {
                dueByCase[receipt.CaseId ?? throw new InvalidOperationException("an onset did not open a case")] = dueByPatient[e.Subject];
            }

            var giveUp = start + within + TimeSpan.FromSeconds(60);
            var waiting = Stopwatch.StartNew();
            while (pages.Delivered.Count < count && TimeProvider.System.GetUtcNow() < giveUp)
            {
                await Task.Delay(250);
            }

            var raise = new LatencyRecorder();
            var raised = 0;
            foreach (var alert in runtime.Queries.ListAlerts(null, null).Where(a => a.Kind == AlertKind.FirstLineDueSoon))
            {
                raise.Add(alert.RaisedAt - dueByCase[alert.CaseId]);
                raised++;
            }

            var page = new LatencyRecorder();
            foreach (var (caseId, at) in pages.Delivered)
            {
                page.Add(at - dueByCase[caseId]);
            }

            if (raised < count)
            {
                using var connection = runtime.Database.Open();
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "SELECT COUNT(*), MIN(due_at) FROM timers WHERE due_at <= $n";
                cmd.Parameters.AddWithValue("$n", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
                using var r = cmd.ExecuteReader();
                r.Read();
                Console.Error.WriteLine($"     STALLED: {r.GetInt64(0)} timers are past due and unfired; earliest due {(r.IsDBNull(1) ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)).ToString("O"))};"
                    + $" the scheduler sleeps until {runtime.Scheduler.SleepingUntil?.ToString("O") ?? "(nothing)"}; now {TimeProvider.System.GetUtcNow():O}");
            }

            return new DeadlineResult(count, creation, dueByCase.Values.Count(d => d <= created), raised, pages.Delivered.Count, raise, page, waiting.Elapsed);
        }
        finally
        {
            BenchRuntime.Delete(dir);
        }
    }
}
