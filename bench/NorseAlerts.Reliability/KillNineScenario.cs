using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using NorseAlerts.EndToEnd.Tests;

namespace NorseAlerts.Reliability;

/// <summary>
/// kill -9 cycles under concurrent ingest, through the real Host process: workers post onsets (overdue at once, so
/// each pages and then escalates every two seconds across the kills), batches and duplicates; the host is killed
/// at a random moment of each cycle. Posts that got no answer are retried after the restart, as an engine would.
/// Afterwards every 202'd event is in the store exactly once, no patient has two cases, and no page (alert, level,
/// repeat) exists twice or skips a level.
/// </summary>
public static class KillNineScenario
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<Figures> RunAsync(SuiteOptions options, string data)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new Figures("kill -9 under concurrent ingest");
        var random = new Random(options.Seed);
        var settings = new Dictionary<string, string> { ["NorseAlerts__Escalation__AckTimeout"] = "00:00:02" };
        var acked = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var unanswered = new ConcurrentQueue<Dictionary<string, object?>[]>();
        var duplicatesPosted = 0;
        var patient = 0;
        var restarts = new List<double>();

        for (var cycle = 0; cycle < options.KillCycles; cycle++)
        {
            var clock = Stopwatch.StartNew();
            await using var host = await HostProcess.StartAsync(data, settings);
            restarts.Add(clock.Elapsed.TotalMilliseconds);
            while (unanswered.TryDequeue(out var retry))
            {
                await Post(host, retry, acked, unanswered);
            }

            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, options.IngestWorkers).Select(w => Task.Run(async () =>
            {
                var mine = new Random(options.Seed * 1000 + cycle * 100 + w);
                while (!stop.IsCancellationRequested)
                {
                    var p = Interlocked.Increment(ref patient);
                    var subject = $"REL:{p:D7}";
                    var now = DateTimeOffset.UtcNow;
                    await Post(host, [CloudEvent.Of("rse.onset", now.AddDays(-8), subject, $"onset-{p}")], acked, unanswered);
                    await Post(
                        host,
                        [CloudEvent.Of("norse.suspected", now.AddDays(-7.9), subject, $"suspected-{p}"), CloudEvent.Of("patient.measurements", now.AddDays(-7.8), subject, $"measured-{p}", new { weightKg = 70 })],
                        acked,
                        unanswered);
                    if (mine.Next(5) == 0)
                    {
                        Interlocked.Increment(ref duplicatesPosted);
                        await Post(host, [CloudEvent.Of("rse.onset", now.AddDays(-8), subject, $"onset-{p}")], acked, unanswered);
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromMilliseconds(800 + random.Next(2500)));
            host.Kill9();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        // The last start: retry what got no answer, let the outbox and escalations settle, then read the store.
        await using (var host = await HostProcess.StartAsync(data, settings))
        {
            while (unanswered.TryDequeue(out var retry))
            {
                await Post(host, retry, acked, unanswered);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            host.Kill9();
        }

        using var store = new StoreReport(data);
        var occurrences = store.EventOccurrences();
        var lost = acked.Keys.Count(id => !occurrences.ContainsKey(id));
        var doubled = occurrences.Count(o => o.Value > 1);
        var several = store.PatientsWithSeveralCases();
        var pages = store.PagesByAlert();
        var pagesTwice = pages.Sum(p => p.Value.Count - p.Value.Distinct().Count());
        var skipped = pages.Count(p => !IsChainPrefix(p.Value));
        figures.Add($"{options.KillCycles} kill -9 cycles, {options.IngestWorkers} concurrent writers, restart to healthy: median {Median(restarts):F0} ms, max {restarts.Max():F0} ms");
        figures.Add($"{acked.Count} events acknowledged with 202 ({duplicatesPosted} duplicates posted): {lost} lost, {doubled} stored twice");
        figures.Add($"{store.Cases()} cases, {several.Count} patients with a duplicate case");
        figures.Add($"{pages.Sum(p => p.Value.Count)} pages for {pages.Count} alerts: {pagesTwice} pages twice, {skipped} alerts with a skipped level");
        figures.Expect(lost == 0, "every 202'd event is stored");
        figures.Expect(doubled == 0, "no event is stored twice");
        figures.Expect(several.Count == 0, "no duplicate case");
        figures.Expect(pagesTwice == 0 && skipped == 0, "every page exists once, in chain order");
        figures.Expect(!acked.IsEmpty, "the writers got events in");
        return figures;
    }

    private static async Task Post(HostProcess host, Dictionary<string, object?>[] events, ConcurrentDictionary<string, byte> acked, ConcurrentQueue<Dictionary<string, object?>[]> unanswered)
    {
        try
        {
            using var response = await host.Client.PostAsync("/api/events", CloudEvent.Content(events));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                foreach (var e in events)
                {
                    acked[(string)e["id"]!] = 0;
                }

                return;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            // No answer (the host was killed under the request, in whatever form the socket reports it): post again after the restart.
        }

        unanswered.Enqueue(events);
    }

    // Level 1, 2, 3, then level 3 again: each page's (level, repeat) follows the one before it.
    private static bool IsChainPrefix(List<string> pages)
    {
        string[] chain = ["1:0", "2:0", "3:0", "3:1", "3:2", "3:3"];
        return pages.Count <= chain.Length && pages.SequenceEqual(chain.Take(pages.Count));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
