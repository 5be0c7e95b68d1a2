using NorseAlerts.Reliability;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class HostileInputFuzzTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("events")]
    [InlineData("fhir")]
    [InlineData("hl7v2")]
    [InlineData("ack")]
    [InlineData("cases")]
    [InlineData("case")]
    [InlineData("audit")]
    [InlineData("alerts")]
    public async Task Hostile_inputs_never_answer_5xx_and_a_refused_one_changes_nothing(string endpoint)
    {
        var onset = await Json(await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddDays(-8)))));
        var caseId = onset["accepted"]![0]!["caseId"]!.GetValue<string>();
        var alertId = (await Json(await host.Client().GetAsync("/api/alerts")))[0]!["alertId"]!.GetValue<string>();
        var corpus = new HostileInputs(seed: 13, Start, alertId, caseId);
        var database = Path.Combine(host.DataDirectory, "norsealerts.db");
        var failures = new List<string>();

        for (var i = 0; i < 120; i++)
        {
            var input = corpus.Next(endpoint);
            if (input.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal))
            {
                // The in-memory test server cannot carry a NUL in a path; the reliability suite sends it to Kestrel.
                continue;
            }

            var before = StoreFingerprint.Read(database);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var response = await host.Client(input.WithKey ? AdminKey : null).SendAsync(input.ToRequest(), timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var accepted = input.Endpoint == "hl7v2" ? text.Contains("MSA|AA|", StringComparison.Ordinal) : response.IsSuccessStatusCode;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{input.Kind} #{i}: {(int)response.StatusCode}");
            }
            else if (!accepted && StoreFingerprint.Read(database) != before)
            {
                failures.Add($"{input.Kind} #{i}: refused with {(int)response.StatusCode} but the store changed");
            }
        }

        Assert.Empty(failures);
    }
}
