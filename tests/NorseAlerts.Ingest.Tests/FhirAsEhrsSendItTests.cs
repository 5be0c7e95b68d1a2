using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;

namespace NorseAlerts.Ingest.Tests;

/// <summary>FHIR R4 as EHRs send it: Procedures, updates without versionId, transaction Bundles with bookkeeping entries.</summary>
public class FhirAsEhrsSendItTests
{
    private static readonly DateTimeOffset Now = new(2013, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Shaped on the FHIR R4 example Procedure "f201" (hl7.org/fhir/R4/procedure-example-f201-tpf.json: status completed,
    // subject Patient/f201, performedPeriod), its chemotherapy code changed to a plasma exchange.
    private const string PlasmaExchange = """
        {"resourceType":"Procedure","id":"f201","status":"completed",
         "code":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"36514","display":"Therapeutic apheresis; for plasma pheresis"}],"text":"Plasma exchange"},
         "subject":{"reference":"Patient/f201","display":"Roel"},
         "performedPeriod":{"start":"2013-01-28T13:31:00+01:00","end":"2013-01-28T14:27:00+01:00"},
         "performer":[{"actor":{"reference":"Practitioner/f201","display":"Dokter Bronsig"}}]}
        """;

    // Shaped on the FHIR R4 example Condition "f201" (hl7.org/fhir/R4/condition-example-f201.json), coded for status epilepticus.
    private const string Condition = """
        {"resourceType":"Condition","id":"f201",
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007","display":"Status epilepticus"}]},
         "subject":{"reference":"Patient/f201"},"onsetDateTime":"2013-01-27T10:00:00+01:00"}
        """;

    [Fact]
    public void A_plasma_exchange_procedure_starts_first_line_treatment()
    {
        var e = Assert.Single(FhirReader.Read(PlasmaExchange, Now).Events);

        Assert.Equal((EventTypes.FirstLineStarted, Agents.Plasmapheresis, "Patient/f201"), (e.Type, e.Agent, e.Subject));
        Assert.Equal(new DateTimeOffset(2013, 1, 28, 12, 31, 0, TimeSpan.Zero), e.Time);
    }

    [Fact]
    public void A_procedure_not_yet_done_starts_nothing()
    {
        Assert.Empty(FhirReader.Read(PlasmaExchange.Replace("\"completed\"", "\"preparation\"", StringComparison.Ordinal), Now).Events);
    }

    [Fact]
    public void An_update_without_version_id_is_a_new_event_and_an_unchanged_resend_is_the_same_event()
    {
        var first = Assert.Single(FhirReader.Read(PlasmaExchange, Now).Events);
        var resend = Assert.Single(FhirReader.Read(PlasmaExchange, Now).Events);
        var corrected = Assert.Single(FhirReader.Read(PlasmaExchange.Replace("13:31:00", "11:05:00", StringComparison.Ordinal), Now).Events);

        Assert.Equal(first.Id, resend.Id);
        Assert.NotEqual(first.Id, corrected.Id);
        Assert.StartsWith("Procedure/f201", corrected.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrelated_transaction_entries_are_ignored_and_reported_while_tracked_ones_apply()
    {
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:7f2b8a3e-0c1d-4e5f-9a6b-1c2d3e4f5a61","resource":{{{Condition}}},"request":{"method":"PUT","url":"Condition/f201"}},
              {"request":{"method":"DELETE","url":"Condition/old-draft"}},
              {"request":{"method":"GET","url":"Patient?identifier=urn:oid:2.16.840.1.113883.2.4.6.3|123456789"}},
              {"fullUrl":"urn:uuid:7f2b8a3e-0c1d-4e5f-9a6b-1c2d3e4f5a62","resource":{"resourceType":"Practitioner","id":"f201","name":[{"text":"Dokter Bronsig"}]},"request":{"method":"PUT","url":"Practitioner/f201"}},
              {"fullUrl":"urn:uuid:7f2b8a3e-0c1d-4e5f-9a6b-1c2d3e4f5a63","resource":{{{PlasmaExchange}}},"request":{"method":"PUT","url":"Procedure/f201"}}]}
            """;

        var result = FhirReader.Read(bundle, Now);

        Assert.Equal(string.Empty, string.Join("; ", result.Errors.Select(e => e.Field + " " + e.Message)));
        Assert.Equal([EventTypes.RseOnset, EventTypes.FirstLineStarted], result.Events.Select(e => e.Type));
        Assert.Equal(["Bundle.entry[1]", "Bundle.entry[2]", "Bundle.entry[3].resource"], result.Ignored.Select(i => i.Field));
        Assert.Contains("DELETE", result.Ignored[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_tracked_entry_still_rejects_the_whole_bundle()
    {
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:7f2b8a3e-0c1d-4e5f-9a6b-1c2d3e4f5a61","resource":{{{Condition}}},"request":{"method":"PUT","url":"Condition/f201"}},
              {"request":{"method":"DELETE","url":"Condition/old-draft"}},
              {"fullUrl":"urn:uuid:7f2b8a3e-0c1d-4e5f-9a6b-1c2d3e4f5a63","resource":{{{PlasmaExchange.Replace("\"performedPeriod\"", "\"performedX\"", StringComparison.Ordinal)}}},"request":{"method":"PUT","url":"Procedure/f201"}}]}
            """;

        var result = FhirReader.Read(bundle, Now);

        Assert.Empty(result.Events);
        Assert.Contains(result.Errors, e => e.Field.StartsWith("Bundle.entry[2]", StringComparison.Ordinal) || e.Field.Contains("performedX", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("condition", "resourceType")]
    [InlineData("CONDITION", "resourceType")]
    public void A_resource_type_in_the_wrong_case_is_refused(string written, string field)
    {
        var result = FhirReader.Read(Condition.Replace("\"Condition\"", $"\"{written}\"", StringComparison.Ordinal), Now);

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains("'Condition'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_entry_in_the_wrong_case_is_named_by_its_path()
    {
        var bundle = $$$"""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{{{Condition.Replace("\"Condition\"", "\"condition\"", StringComparison.Ordinal)}}}}]}""";

        Assert.Equal("Bundle.entry[0].resource.resourceType", Assert.Single(FhirReader.Read(bundle, Now).Errors).Field);
    }
}
