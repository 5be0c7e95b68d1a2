using System.Diagnostics;
using System.Text.Json.Nodes;
using NorseAlerts.EndToEnd.Tests;

namespace NorseAlerts.Reliability;

/// <summary>
/// The hostile-input corpus against the real Host over TCP: at least 2,000 damaged inputs across every endpoint.
/// No answer may be a 5xx, none may hang (20 s), and an input the host refuses must leave the store as it was.
/// </summary>
public static class HostileInputScenario
{
    /// <summary>Runs the scenario.</summary>
    public static async Task<Figures> RunAsync(SuiteOptions options, string data)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new Figures("hostile inputs");
        await using var host = await HostProcess.StartAsync(data, new Dictionary<string, string> { ["NorseAlerts__Escalation__AckTimeout"] = "1.00:00:00" });
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var onset = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddDays(-8), "HOSTILE:1", "hostile-onset");
        var caseId = JsonNode.Parse(await onset.Content.ReadAsStringAsync())!["accepted"]![0]!["caseId"]!.GetValue<string>();
        var alertId = (await host.GetArrayAsync("/api/alerts"))[0]!["alertId"]!.GetValue<string>();
        var corpus = new HostileInputs(options.Seed, DateTimeOffset.UtcNow, alertId, caseId).Take(options.HostileInputs);
        var database = Path.Combine(data, "norsealerts.db");

        var statuses = new SortedDictionary<int, int>();
        var latencies = new List<double>();
        var serverErrors = new List<string>();
        var hangs = new List<string>();
        var changed = new List<string>();
        var refused = 0;
        foreach (var input in corpus)
        {
            var before = StoreFingerprint.Read(database);
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await (input.WithKey ? host.Client : anonymous).SendAsync(input.ToRequest());
                var text = await response.Content.ReadAsStringAsync();
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var accepted = input.Endpoint == "hl7v2" ? text.Contains("MSA|AA|", StringComparison.Ordinal) : response.IsSuccessStatusCode;
                if (status >= 500)
                {
                    serverErrors.Add($"{input.Kind} -> {status}");
                }
                else if (!accepted)
                {
                    refused++;
                    if (StoreFingerprint.Read(database) != before)
                    {
                        changed.Add($"{input.Kind} -> {status}");
                    }
                }
            }
            catch (TaskCanceledException)
            {
                hangs.Add(input.Kind);
            }
        }

        var alive = (await host.Client.GetAsync("/healthz")).IsSuccessStatusCode;
        figures.Add($"{corpus.Count} inputs over {corpus.Select(c => c.Endpoint).Distinct().Count()} endpoints ({string.Join(", ", corpus.GroupBy(c => c.Endpoint).Select(g => $"{g.Key} {g.Count()}"))})");
        figures.Add($"answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}");
        figures.Add($"{serverErrors.Count} 5xx, {hangs.Count} hangs, {refused} refused of which {changed.Count} changed the store; latency p50 {DeadlineScenario.Percentile(latencies, 50):F1} ms, p99 {DeadlineScenario.Percentile(latencies, 99):F1} ms; host alive after: {alive}");
        foreach (var failure in serverErrors.Concat(hangs).Concat(changed).Distinct().Take(10))
        {
            figures.Add("  failing input: " + failure);
        }

        figures.Expect(serverErrors.Count == 0, "no 5xx");
        figures.Expect(hangs.Count == 0, "no hang");
        figures.Expect(changed.Count == 0, "a refused input changes nothing");
        figures.Expect(alive, "the host survives");
        figures.Expect(corpus.Count >= 2000, "at least 2,000 inputs");
        return figures;
    }
}
