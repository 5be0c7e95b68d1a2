using System.Globalization;
using System.Text.Json;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;

namespace NorseAlerts.Bench;

/// <summary>
/// One process of a soak run: opens the runtime on a data directory with a publisher that appends every page
/// to a file (so pages handed over survive this process being killed), optionally creates the cases, then
/// waits until every case has its due-soon alert or the deadline passes, and prints its findings as one JSON
/// line read from the store and the pages file. A killed child prints nothing; the next one on the same
/// directory catches up and counts.
/// </summary>
internal static class SoakChild
{
    /// <summary>The first argument that selects this mode.</summary>
    public const string Argument = "soak-child";

    /// <summary>Runs the child: <c>soak-child DIR PAGES COUNT FROM_MS WITHIN_MS BASE_UNIX_MS CREATE(0|1) GIVE_UP_UNIX_MS</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (dir, pagesFile) = (args[1], args[2]);
        var count = int.Parse(args[3], CultureInfo.InvariantCulture);
        var (from, within) = (TimeSpan.FromMilliseconds(long.Parse(args[4], CultureInfo.InvariantCulture)), TimeSpan.FromMilliseconds(long.Parse(args[5], CultureInfo.InvariantCulture)));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[6], CultureInfo.InvariantCulture));
        var create = args[7] == "1";
        var giveUp = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[8], CultureInfo.InvariantCulture));

        await using var pages = new PageFile(pagesFile);
        await using var runtime = BenchRuntime.Create(dir, pages);
        await runtime.StartAsync();
        var firstLine = runtime.Pathway.Catalog.Get(ProtocolCatalog.Seed).FirstLine;
        var dueAfterOnset = firstLine.Window.AsDuration - firstLine.DueSoonLead.AsDuration;
        var creation = System.Diagnostics.Stopwatch.StartNew();
        if (create)
        {
            var random = new Random(20261201);
            var events = Enumerable.Range(0, count)
                .Select(i => Workload.Onset($"SOAK:{i:D6}", start + from + TimeSpan.FromMilliseconds(random.NextDouble() * (within - from).TotalMilliseconds) - dueAfterOnset))
                .ToList();
            await Task.WhenAll(events.Chunk(250).Select(chunk => runtime.Engine.IngestAsync(chunk, "soak")));
            Console.WriteLine("CREATED");
        }

        var createdIn = creation.Elapsed.TotalSeconds;

        // Done when every case has fired and the outbox has handed every page over. Past the deadline the child
        // waits on only while the backlog still moves (a loaded machine is slow, not stalled), up to a hard cap:
        // what is still unfired then, with nothing moving, is a miss.
        var hardCap = giveUp + TimeSpan.FromMinutes(5);
        var lastProgress = TimeProvider.System.GetUtcNow();
        var lastSeen = (-1, -1L);
        while (true)
        {
            var seen = (DueSoonCases(runtime), Unsent(runtime));
            var now = TimeProvider.System.GetUtcNow();
            if (seen.Item1 >= count && seen.Item2 == 0)
            {
                break;
            }

            if (seen != lastSeen)
            {
                (lastSeen, lastProgress) = (seen, now);
            }

            if (now >= hardCap || (now >= giveUp && now - lastProgress > TimeSpan.FromSeconds(15)))
            {
                break;
            }

            await Task.Delay(250);
        }

        var cases = runtime.Queries.ListCases(null).ToDictionary(c => c.CaseId, c => c.OnsetAt, StringComparer.Ordinal);
        var raised = runtime.Queries.ListAlerts(null, null).Where(a => a.Kind == AlertKind.FirstLineDueSoon).ToList();
        var lateness = new LatencyRecorder();
        foreach (var alert in raised)
        {
            if (cases.TryGetValue(alert.CaseId, out var onset) && onset is { } t)
            {
                lateness.Add(alert.RaisedAt - (t + dueAfterOnset));
            }
        }

        var lines = File.ReadAllLines(pagesFile).Select(l => l.Split(' ')).Where(p => p.Length == 3 && p[2] == AlertKind.FirstLineDueSoon.Name).ToList();
        var result = new SoakResult(
            Cases: cases.Count,
            Fired: raised.Select(a => a.CaseId).Distinct(StringComparer.Ordinal).Count(),
            DuplicateAlerts: raised.Count - raised.Select(a => a.CaseId).Distinct(StringComparer.Ordinal).Count(),
            PagedCases: lines.Select(p => p[0]).Distinct(StringComparer.Ordinal).Count(),
            DuplicatePages: lines.GroupBy(p => p[0], StringComparer.Ordinal).Sum(g => g.Select(p => p[1]).Distinct(StringComparer.Ordinal).Count() - 1),
            Redelivered: lines.Count - lines.Select(p => p[1]).Distinct(StringComparer.Ordinal).Count(),
            P50Ms: lateness.Percentile(50),
            P99Ms: lateness.Percentile(99),
            MaxMs: lateness.Percentile(100),
            Stalls: runtime.Watchdog.Current?.Stalls ?? 0,
            CreationSeconds: create ? createdIn : 0);
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    private static long Unsent(EmbeddedRuntime runtime)
    {
        using var connection = runtime.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL";
        return (long)cmd.ExecuteScalar()!;
    }

    private static int DueSoonCases(EmbeddedRuntime runtime) =>
        runtime.Queries.ListAlerts(null, null).Count(a => a.Kind == AlertKind.FirstLineDueSoon);

    /// <summary>Appends "caseId messageId kind" per page handed over, flushed at once.</summary>
    private sealed class PageFile(string path) : IAlertPublisher, IAsyncDisposable
    {
        private readonly StreamWriter writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        private readonly Lock gate = new();

        public Task PublishAsync(Page page, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(page);
            lock (gate)
            {
                writer.WriteLine($"{page.Alert.CaseId} {page.MessageId} {page.Alert.Kind}");
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => writer.DisposeAsync();
    }
}

/// <summary>What one soak run found.</summary>
internal sealed record SoakResult(int Cases, int Fired, int DuplicateAlerts, int PagedCases, int DuplicatePages, int Redelivered, double P50Ms, double P99Ms, double MaxMs, long Stalls, double CreationSeconds)
{
    /// <summary>Cases whose deadline never fired.</summary>
    public int Missed => Cases - Fired;
}
