using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NorseAlerts.Host.Mllp;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

/// <summary>
/// A message that carries a diagnosis mapping to no onset code opens nothing, and the site can see the code: it is
/// audited (kind diagnosis-unmapped, with feed, system and code, never the patient) over HTTP HL7, MLLP and FHIR.
/// </summary>
public sealed class UnmappedDiagnosisTests : IAsyncLifetime
{
    // HAPI HL7v2 test resources, ca/uhn/hl7v2/parser/tests/adt_a03.txt, changed to an ADT^A01 whose DG1 is ICD-10
    // G40.909 (epilepsy, not intractable, without status epilepticus): a real diagnosis that opens no case.
    private static string Admit(string controlId) =>
        $"MSH|^~\\&|IRIS|SANTER|AMB_R|SANTER|200803051508+0100||ADT^A01|{controlId}|P|2.5\r"
        + "EVN||200803051509+0100||||200803031508+0100\r"
        + "PID|||5520255^^^PK^PK||ZZZ^ZZZ||19830824|F\r"
        + "PV1||I|6402DH^^^^^^^^MED. 1 - ONCOLOGIA^^OSPEDALE MAGGIORE DI LODI&LODI\r"
        + "DG1|1||G40.909^Epilepsy, unspecified, not intractable, without status epilepticus^I10||200803031508+0100|A\r";

    // FHIR R4 example Condition "f201" (hl7.org/fhir/R4/condition-example-f201.json): a fever coded SNOMED CT 386661006,
    // with a time added to its onset.
    private const string Fever = """
        {"resourceType":"Condition","id":"f201",
         "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"resolved"}]},
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"386661006","display":"Fever"}]},
         "subject":{"reference":"Patient/f201","display":"Roel"},"onsetDateTime":"2013-04-02T09:00:00+01:00"}
        """;

    private readonly HostFactory host = new(new Dictionary<string, string?> { ["NorseAlerts:Mllp:Port"] = "0" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    private List<(string Actor, string Detail)> Audited()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "norsealerts.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT actor, detail FROM audit WHERE kind = 'diagnosis-unmapped' AND case_id IS NULL ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), r.GetString(1)));
        }

        return rows;
    }

    private async Task AssertNoCaseAsync() => Assert.Empty((await Json(await host.Client().GetAsync("/api/cases"))).AsArray());

    [Fact]
    public async Task An_unmapped_hl7_diagnosis_posted_over_http_is_acknowledged_and_audited_with_its_code()
    {
        var response = await host.Client().PostAsync("/api/hl7v2", new StringContent(Admit("263206"), Encoding.UTF8, "x-application/hl7-v2+er7"));

        Assert.Contains("MSA|AA|263206", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoCaseAsync();
        var (actor, detail) = Assert.Single(Audited());
        Assert.Equal("api-key:admin", actor);
        Assert.Contains("I10|G40.909", detail, StringComparison.Ordinal);
        Assert.Contains("hl7v2", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("5520255", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmapped_hl7_diagnosis_sent_over_mllp_is_audited_with_its_code()
    {
        _ = host.Client();
        var endpoint = await host.Services.GetRequiredService<MllpListener>().Bound.WaitAsync(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        await using var stream = client.GetStream();

        await stream.WriteAsync((byte[])[MllpFrameReader.StartBlock, .. Encoding.UTF8.GetBytes(Admit("263207")), MllpFrameReader.EndBlock, MllpFrameReader.CarriageReturn]);
        var ack = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = 0;
        while (!Encoding.UTF8.GetString(ack, 0, read).Contains('\u001c', StringComparison.Ordinal))
        {
            read += await stream.ReadAsync(ack.AsMemory(read), timeout.Token);
        }

        Assert.Contains("MSA|AA|263207", Encoding.UTF8.GetString(ack, 0, read), StringComparison.Ordinal);
        var (_, detail) = Assert.Single(Audited());
        Assert.Contains("I10|G40.909", detail, StringComparison.Ordinal);
        Assert.Contains("mllp", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmapped_fhir_condition_is_accepted_and_audited_with_its_code()
    {
        var response = await host.Client().PostAsync("/api/fhir", new StringContent(Fever, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await AssertNoCaseAsync();
        var (_, detail) = Assert.Single(Audited());
        Assert.Contains("http://snomed.info/sct|386661006", detail, StringComparison.Ordinal);
        Assert.Contains("fhir", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Roel", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_message_audits_nothing()
    {
        // A character set (MSH-18) the host cannot decode: the message is refused with AR and nothing is stored.
        var broken = Admit("263208").Replace("|P|2.5\r", "|P|2.5||||||KLINGON\r", StringComparison.Ordinal);

        var response = await host.Client().PostAsync("/api/hl7v2", new StringContent(broken, Encoding.UTF8, "x-application/hl7-v2+er7"));

        Assert.Contains("MSA|AR|263208", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Audited());
    }
}
