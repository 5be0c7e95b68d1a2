using System.Net;
using System.Text;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

/// <summary>The host reads the site configuration and hands it to every reader.</summary>
public sealed class SiteFeedTests : IAsyncLifetime
{
    // HAPI HL7v2 test resources, ca/uhn/hl7v2/parser/tests/adt_a03.txt (times without offset, PID-3 5520255^^^PK^PK),
    // changed to an ADT^A01 with a DG1 coded WHO ICD-10 G41.9.
    private const string LodiAdmit =
        "MSH|^~\\&|IRIS|SANTER|AMB_R|SANTER|200803051508||ADT^A01|263206|P|2.5\r"
        + "EVN||200803051509||||200803031508\r"
        + "PID|||5520255^^^PK^PK~ZZZZZZ83M64Z148R^^^CF^CF||ZZZ^ZZZ||19830824|F||||||||||||||||||||||N\r"
        + "PV1||I|6402DH^^^^^^^^MED. 1 - ONCOLOGIA^^OSPEDALE MAGGIORE DI LODI&LODI||||||||||||||||2008003369\r"
        + "DG1|1||G41.9^Stato di male epilettico, non specificato^I10||200803031508|A\r";

    // Shaped on the FHIR R4 example Patient "f201" (hl7.org/fhir/R4/patient-example-f201.json): the same person's
    // identifier from the hospital's system, and deceasedBoolean as EHRs send a death without its time.
    private const string DeceasedPatient = """
        {"resourceType":"Patient","id":"f201",
         "identifier":[{"use":"official","system":"urn:oid:2.16.840.1.113883.2.9.4.3.2","value":"5520255"}],
         "active":true,"name":[{"use":"official","text":"Roel"}],"gender":"female",
         "deceasedBoolean":true,"meta":{"lastUpdated":"2008-03-20T10:00:00+01:00"}}
        """;

    private readonly HostFactory host = new(new Dictionary<string, string?>
    {
        ["NorseAlerts:Site:TimeZone"] = "Europe/Rome",
        ["NorseAlerts:Site:PatientIdentifiers:LODI"] = "PK, urn:oid:2.16.840.1.113883.2.9.4.3.2",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_hl7_onset_without_offset_is_dated_in_the_site_zone_and_keyed_by_the_site_domain()
    {
        var response = await host.Client().PostAsync("/api/hl7v2", new StringContent(LodiAdmit, Encoding.UTF8, "x-application/hl7-v2+er7"));

        Assert.Contains("MSA|AA|263206", await response.Content.ReadAsStringAsync());
        var only = Assert.Single((await Json(await host.Client().GetAsync("/api/cases"))).AsArray())!;
        Assert.Equal("LODI:5520255", only["patient"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2008, 3, 3, 14, 8, 0, TimeSpan.Zero), only["onsetAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_fhir_death_without_a_time_closes_the_case_the_hl7_feed_opened()
    {
        await host.Client().PostAsync("/api/hl7v2", new StringContent(LodiAdmit, Encoding.UTF8, "x-application/hl7-v2+er7"));

        var response = await host.Client().PostAsync("/api/fhir", new StringContent(DeceasedPatient, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases?status=active"))).AsArray());
        Assert.Single((await Json(await host.Client().GetAsync("/api/cases?status=closed"))).AsArray());
    }

    [Fact]
    public async Task A_transaction_bundle_reports_the_entries_it_did_not_apply()
    {
        var bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:5b3c1e9a-2f4d-4a8b-9c7e-6d5f4e3a2b10\",\"resource\":"
            + DeceasedPatient + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/f201\"}},{\"request\":{\"method\":\"DELETE\",\"url\":\"Condition/draft\"}}]}";

        var response = await host.Client().PostAsync("/api/fhir", new StringContent(bundle, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await Json(response);
        Assert.Single(body["accepted"]!.AsArray());
        Assert.Equal("Bundle.entry[1]", body["ignored"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fhir_post_with_a_form_content_type_is_refused_with_415()
    {
        var response = await host.Client().PostAsync("/api/fhir", new StringContent(DeceasedPatient, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
