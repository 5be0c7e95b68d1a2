using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NorseAlerts.Reliability;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class BrokenUnicodeTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    private string DatabasePath => Path.Combine(host.DataDirectory, "norsealerts.db");

    private async Task<string> OverdueAlert()
    {
        await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddDays(-8))));
        return (await Json(await host.Client().GetAsync("/api/alerts")))[0]!["alertId"]!.GetValue<string>();
    }

    private static ByteArrayContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Theory]
    [InlineData("""{"by":"\ud800"}""")]
    [InlineData("""{"by":"dr.oncall","note":"\udfff on my way"}""")]
    public async Task A_lone_surrogate_in_the_ack_body_answers_400_problem_and_acknowledges_nothing(string body)
    {
        var alertId = await OverdueAlert();
        var before = StoreFingerprint.Read(DatabasePath);

        var response = await host.Client().PostAsync($"/api/alerts/{alertId}/ack", Raw(Encoding.UTF8.GetBytes(body), "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Unicode", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, StoreFingerprint.Read(DatabasePath));
        Assert.Equal("triggered", (await Json(await host.Client().GetAsync("/api/alerts")))[0]!["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/events", "application/cloudevents+json", "lone-surrogate")]
    [InlineData("/api/events", "application/cloudevents+json", "invalid-utf8")]
    [InlineData("/api/fhir", "application/fhir+json", "lone-surrogate")]
    [InlineData("/api/fhir", "application/fhir+json", "invalid-utf8")]
    public async Task Broken_unicode_in_a_json_feed_answers_400_problem_and_stores_nothing(string path, string contentType, string damage)
    {
        await OverdueAlert();
        var before = StoreFingerprint.Read(DatabasePath);
        var valid = path == "/api/events"
            ? Event("norse.suspected", Start.AddHours(-1), subject: "GENH:SUBJECT")
            : """{"resourceType":"Condition","subject":{"identifier":{"value":"SUBJECT"}},"code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007"}]},"onsetDateTime":"2026-03-01T08:00:00Z"}""";
        var body = damage == "lone-surrogate"
            ? Encoding.UTF8.GetBytes(valid.Replace("SUBJECT", "SUB\\ud800JECT", StringComparison.Ordinal))
            : Encoding.UTF8.GetBytes(valid).Select(b => b == (byte)'B' ? (byte)0xFF : b).ToArray();

        var response = await host.Client().PostAsync(path, Raw(body, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, StoreFingerprint.Read(DatabasePath));
    }

    [Fact]
    public async Task An_hl7_message_that_is_not_utf8_is_refused_with_an_AR_ack_to_its_control_id_and_stores_nothing()
    {
        var message = "MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|20260302075500+0000||ADT^A01^ADT_A01|MSG00042|P|2.5.1\r"
            + "EVN|A01|20260302075400+0000\rPID|1||00123456^^^GENH^MR||DOE^J\u00C9ANE||19900101|F\rPV1|1|I|NICU\r"
            + "DG1|1||230456007^Status epilepticus^SCT||20260301083000+0000|W\r";
        var latin1 = Encoding.Latin1.GetBytes(message);
        await OverdueAlert();
        var before = StoreFingerprint.Read(DatabasePath);

        var response = await host.Client().PostAsync("/api/hl7v2", Raw(latin1, "x-application/hl7-v2+er7"));

        var ack = await response.Content.ReadAsStringAsync();
        Assert.Contains("MSA|AR|MSG00042", ack);
        Assert.Contains("UTF-8", ack);
        Assert.Equal(before, StoreFingerprint.Read(DatabasePath));
    }
}
