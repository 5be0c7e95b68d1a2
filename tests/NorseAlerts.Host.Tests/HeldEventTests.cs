using System.Net;
using System.Text;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class HeldEventTests : IAsyncLifetime
{
    // HAPI HL7v2 test resources, ca/uhn/hl7v2/parser/tests/adt_a03.txt (Lodi, v2.5): a discharge for a patient that
    // has no case here (a wrong PID-3, or the onset went to another system), so it is held.
    private const string Discharge =
        "MSH|^~\\&|IRIS|SANTER|AMB_R|SANTER|200803051508+0100||ADT^A03|263206|P|2.5\r"
        + "EVN||200803051509+0100||||200803031508+0100\r"
        + "PID|||5520255^^^PK^PK||ZZZ^ZZZ||19830824|F\r"
        + "PV1||I|6402DH^^^^^^^^MED. 1 - ONCOLOGIA^^OSPEDALE MAGGIORE DI LODI&LODI||||||||||||||||2008003369||||||||||||||||||||||||||200803031508+0100\r";

    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_event_for_a_patient_without_a_case_is_listed_as_held_with_its_age()
    {
        await host.Client().PostAsync("/api/hl7v2", new StringContent(Discharge, Encoding.UTF8, "x-application/hl7-v2+er7"));
        host.Time.Advance(TimeSpan.FromHours(3));

        var response = await host.Client(ReaderKey).GetAsync("/api/held");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patient = Assert.Single((await Json(response)).AsArray())!;
        Assert.Equal("PK:5520255", patient["patient"]!.GetValue<string>());
        Assert.Equal(3 * 3600, patient["ageSeconds"]!.GetValue<long>());
        Assert.Equal("patient.discharged", patient["events"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(Start.AddDays(30), patient["events"]![0]!["expiresAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_held_event_leaves_the_list_at_the_configured_expiry_without_anyone_reading_it()
    {
        await using var site = new HostFactory(new() { ["NorseAlerts:Held:ExpireAfter"] = "2.00:00:00" });
        await site.Client().PostAsync("/api/hl7v2", new StringContent(Discharge, Encoding.UTF8, "x-application/hl7-v2+er7"));
        var held = await Json(await site.Client(ReaderKey).GetAsync("/api/held"));
        Assert.Equal(Start.AddDays(2), held[0]!["events"]![0]!["expiresAt"]!.GetValue<DateTimeOffset>());

        await site.AdvanceAsync(TimeSpan.FromDays(2), TimeSpan.FromHours(12));

        await Eventually(async () => (await Json(await site.Client(ReaderKey).GetAsync("/api/held"))).AsArray(), a => a.Count == 0, "the held discharge to expire");
    }

    [Fact]
    public void A_held_expiry_that_is_not_a_positive_time_span_stops_the_host()
    {
        // The message naming the key is NorseAlertsSettingsTests' part; here the host must not start with it.
        using var site = new HostFactory(new() { ["NorseAlerts:Held:ExpireAfter"] = "a month" });

        Assert.ThrowsAny<Exception>(() => site.Client());
    }

    [Fact]
    public async Task Held_events_need_the_read_role()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(IngestKey).GetAsync("/api/held")).StatusCode);
    }
}
