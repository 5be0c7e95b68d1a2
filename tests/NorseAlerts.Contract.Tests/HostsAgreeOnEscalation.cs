using System.Globalization;

namespace NorseAlerts.Contract.Tests;

/// <summary>
/// Escalation in real time on both hosts side by side (DESIGN section 4): an unacknowledged alert climbs the chain and
/// the last level is paged again up to 3 times, then nothing more; an acknowledged one stays where it was. Both hosts
/// must end with the same levels, repeats and states.
/// </summary>
public sealed class HostsAgreeOnEscalation(EmbeddedHostWith<HostsAgreeOnEscalation> embedded, FunctionsAppWith<HostsAgreeOnEscalation> functions)
    : IHostSettings, IClassFixture<EmbeddedHostWith<HostsAgreeOnEscalation>>, IClassFixture<FunctionsAppWith<HostsAgreeOnEscalation>>
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Levels 2 and 3, then three repeats of level 3: five ack timeouts from the first page.</summary>
    private static readonly TimeSpan ChainLength = AckTimeout * 5;

    /// <summary>The contract's configuration with an ack timeout of seconds, as an acceptance check runs it.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(ContractKeys.Settings)
    {
        ["NorseAlerts:Escalation:AckTimeout"] = AckTimeout.ToString("c", CultureInfo.InvariantCulture),
    };

    private static string Onset(string patient, DateTimeOffset at)
    {
        var time = at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $$$"""{"specversion":"1.0","id":"onset-{{{patient}}}","source":"/adt/genh","type":"rse.onset","time":"{{{time}}}","subject":"{{{patient}}}","data":{}}""";
    }

    [Fact]
    public async Task An_unacknowledged_alert_climbs_to_the_last_level_and_stops_after_three_repeats_and_an_acknowledged_one_stays()
    {
        var now = DateTimeOffset.UtcNow;
        var (ignored, answered) = ("GENH:" + Random.Shared.Next(10_000_000, 99_999_999), "GENH:" + Random.Shared.Next(10_000_000, 99_999_999));
        var transcripts = new[] { new HostTranscript(embedded), new HostTranscript(functions) };
        foreach (var transcript in transcripts)
        {
            await transcript.RunAsync(new Step("/api/events", Onset(ignored, now.AddDays(-8)), "application/cloudevents+json"));
            await transcript.RunAsync(new Step("/api/events", Onset(answered, now.AddDays(-8)), "application/cloudevents+json"));
            await transcript.RunAsync(Step.Ack(answered));
        }

        // Until both show the last repeat of the last level (or a generous limit on a busy machine), then one more
        // timeout and a margin, in which nothing may move.
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < limit && !(await LastRepeatAsync(embedded, ignored) && await LastRepeatAsync(functions, ignored)))
        {
            await Task.Delay(AckTimeout / 4);
        }

        Assert.True(DateTimeOffset.UtcNow - now >= ChainLength, "the chain ended sooner than its five ack timeouts");
        await Task.Delay(AckTimeout * 2);
        foreach (var transcript in transcripts)
        {
            await transcript.ReadBackAsync([ignored, answered]);
        }

        HostTranscript.AssertSame(transcripts[0], transcripts[1], embedded.Name, functions.Name);
        Assert.Contains(transcripts[0].Lines, l => l.Contains("\"level\":3,\"repeat\":3,\"recipientRole\":\"neurocritical-care-attending\",\"state\":\"triggered\"", StringComparison.Ordinal));
        Assert.Contains(transcripts[0].Lines, l => l.Contains("\"level\":1,\"repeat\":0,\"recipientRole\":\"neurology-oncall\",\"state\":\"acknowledged\"", StringComparison.Ordinal));
    }

    private static async Task<bool> LastRepeatAsync(IApiDriver host, string patient) =>
        (await HostTranscript.ActiveCaseAlertsAsync(host, patient)).Any(a => a.GetProperty("level").GetInt32() == 3 && a.GetProperty("repeat").GetInt32() == 3);
}
