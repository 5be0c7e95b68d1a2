using System.Net;
using System.Text;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class Hl7AndFhirEndpointTests : IAsyncLifetime
{
    private const string Admit =
        "MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|20260302075500+0000||ADT^A01^ADT_A01|MSG00001|P|2.5.1\r"
        + "EVN|A01|20260302075400+0000\r"
        + "PID|1||00123456^^^GENH^MR||DOE^JANE||19900101|F\r"
        + "PV1|1|I|NICU^101^A^GENH\r"
        + "DG1|1||230456007^Status epilepticus^SCT||20260301083000+0000|W\r";

    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_admission_with_status_epilepticus_opens_a_case_and_answers_AA_echoing_the_control_id()
    {
        var response = await host.Client().PostAsync("/api/hl7v2", new StringContent(Admit, Encoding.UTF8, "x-application/hl7-v2+er7"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = await response.Content.ReadAsStringAsync();
        Assert.Contains("MSA|AA|MSG00001", ack);
        var cases = await Json(await host.Client().GetAsync("/api/cases"));
        Assert.Equal("GENH:00123456", Assert.Single(cases.AsArray())!["patient"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_message_twice_changes_nothing_the_second_time()
    {
        await host.Client().PostAsync("/api/hl7v2", new StringContent(Admit, Encoding.UTF8, "text/plain"));
        var again = await host.Client().PostAsync("/api/hl7v2", new StringContent(Admit, Encoding.UTF8, "text/plain"));

        var ack = await again.Content.ReadAsStringAsync();
        Assert.Contains("MSA|AA|MSG00001|duplicate", ack);
        var caseId = (await Json(await host.Client().GetAsync("/api/cases")))[0]!["caseId"]!.GetValue<string>();
        Assert.Single((await Json(await host.Client().GetAsync($"/api/cases/{caseId}")))["events"]!.AsArray());
    }

    [Fact]
    public async Task A_message_without_a_patient_identifier_is_refused_with_an_error_ack_over_http_200_and_stores_nothing()
    {
        var bad = Admit.Replace("PID|1||00123456^^^GENH^MR||", "PID|1||||", StringComparison.Ordinal);

        var response = await host.Client().PostAsync("/api/hl7v2", new StringContent(bad, Encoding.UTF8, "x-application/hl7-v2+er7"));

        // The ACK is the answer: a non-2xx would make the engine resend a message the ACK says never to resend.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = await response.Content.ReadAsStringAsync();
        Assert.Matches("MSA\\|A[ER]\\|MSG00001", ack);
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases"))).AsArray());
    }

    [Fact]
    public async Task Garbage_instead_of_hl7_gets_a_reject_ack_over_http_200()
    {
        var response = await host.Client().PostAsync("/api/hl7v2", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("MSA|AR", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_fhir_condition_for_status_epilepticus_opens_a_case()
    {
        const string condition = """
            {"resourceType":"Condition","id":"c1",
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007","display":"Status epilepticus"}]},
             "subject":{"reference":"Patient/p1"},"onsetDateTime":"2026-03-01T08:30:00Z"}
            """;

        var response = await host.Client().PostAsync("/api/fhir", new StringContent(condition, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull((await Json(response))["accepted"]![0]!["caseId"]);
        Assert.Single((await Json(await host.Client().GetAsync("/api/cases?status=active"))).AsArray());
    }

    [Fact]
    public async Task A_malformed_fhir_resource_is_a_problem_and_stores_nothing()
    {
        var response = await host.Client().PostAsync("/api/fhir", new StringContent("{\"resourceType\":\"Condition\",\"onsetDateTime\":42}", Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases"))).AsArray());
    }
}
