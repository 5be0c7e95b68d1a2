using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;

namespace NorseAlerts.Ingest.Tests;

public class FhirReaderTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 21, 12, 0, 0, TimeSpan.Zero);

    private static string[] Fields(IngestResult result) => [.. result.Errors.Select(e => e.Field)];

    private const string Condition = """
        {"resourceType":"Condition","id":"c1","meta":{"versionId":"2","source":"#ahds-genh"},
         "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007","display":"Status epilepticus"}],"text":"Refractory status epilepticus"},
         "subject":{"reference":"Patient/p1"},"onsetDateTime":"2024-03-05T08:30:00+01:00"}
        """;

    private static string Administration(string code = "121191", string display = "rituximab", string status = "completed", string effective = "\"effectiveDateTime\":\"2024-03-06T10:00:00Z\"") => $$$"""
        {"resourceType":"MedicationAdministration","id":"ma1","status":"{{{status}}}",
         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"{{{code}}}","display":"{{{display}}}"}]},
         "subject":{"reference":"Patient/p1"},{{{effective}}},
         "dosage":{"dose":{"value":700,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"} } }
        """;

    private static string Observation(string loinc, double value, string unit, string status = "final") => $$$"""
        {"resourceType":"Observation","id":"o1","status":"{{{status}}}",
         "code":{"coding":[{"system":"http://loinc.org","code":"{{{loinc}}}"}]},
         "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-05T09:00:00Z",
         "valueQuantity":{"value":{{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}},"system":"http://unitsofmeasure.org","code":"{{{unit}}}"} }
        """;

    [Fact]
    public void Condition_status_epilepticus_maps_to_onset_with_versioned_id_and_meta_source()
    {
        var result = FhirReader.Read(Condition, Now);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var e = Assert.Single(result.Events);
        Assert.Equal(EventTypes.RseOnset, e.Type);
        Assert.Equal("Condition/c1/_history/2", e.Id);
        Assert.Equal("#ahds-genh", e.Source);
        Assert.Equal("Patient/p1", e.Subject);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 7, 30, 0, TimeSpan.Zero), e.Time);
        Assert.Equal("Refractory status epilepticus", e.Detail);
    }

    [Fact]
    public void A_mapped_identifier_gives_the_same_key_as_the_hl7_feed_and_source_defaults_to_fhir()
    {
        var json = Condition.Replace("""{"reference":"Patient/p1"}""", """{"identifier":{"system":"urn:oid:1.2.3","value":"00123456"}}""", StringComparison.Ordinal)
            .Replace(",\"source\":\"#ahds-genh\"", string.Empty, StringComparison.Ordinal);
        var options = new FhirOptions { Identifiers = new PatientIdentifierDomains(new Dictionary<string, IReadOnlyList<string>> { ["GENH"] = ["urn:oid:1.2.3"] }) };

        var mapped = Assert.Single(FhirReader.Read(json, Now, options).Events);
        var unmapped = Assert.Single(FhirReader.Read(json, Now).Events);

        Assert.Equal("GENH:00123456", mapped.Subject);
        Assert.Equal("urn:oid:1.2.3|00123456", unmapped.Subject);
        Assert.Equal("fhir", mapped.Source);
    }

    [Fact]
    public void Conditions_that_are_not_rse_or_were_refuted_are_ignored()
    {
        var other = Condition.Replace("230456007", "84757009", StringComparison.Ordinal);
        var refuted = Condition.Replace("\"clinicalStatus\"", "\"verificationStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"refuted\"}]},\"clinicalStatus\"", StringComparison.Ordinal);

        Assert.Empty(FhirReader.Read(other, Now).Events);
        Assert.True(FhirReader.Read(refuted, Now).IsValid);
        Assert.Empty(FhirReader.Read(refuted, Now).Events);
    }

    [Fact]
    public void A_condition_onset_without_a_time_is_named()
    {
        var result = FhirReader.Read(Condition.Replace("2024-03-05T08:30:00+01:00", "2024-03-05", StringComparison.Ordinal), Now);

        Assert.Equal(["Condition.onsetDateTime"], Fields(result));
    }

    [Fact]
    public void Rituximab_administration_starts_second_line_and_methylprednisolone_starts_first_line()
    {
        var rituximab = Assert.Single(FhirReader.Read(Administration(), Now).Events);
        var steroid = Assert.Single(FhirReader.Read(Administration("6902", "methylprednisolone"), Now).Events);

        Assert.Equal((EventTypes.SecondLineStarted, Agents.Rituximab), (rituximab.Type, rituximab.Agent));
        Assert.StartsWith("MedicationAdministration/ma1/_content/", rituximab.Id, StringComparison.Ordinal);
        Assert.Equal("rituximab 700 mg", rituximab.Detail);
        Assert.Equal((EventTypes.FirstLineStarted, Agents.Methylprednisolone), (steroid.Type, steroid.Agent));
    }

    [Fact]
    public void Second_line_can_be_mapped_to_dose_given()
    {
        var options = new FhirOptions { SecondLine = SecondLineMapping.AllDosesGiven };

        Assert.Equal(EventTypes.SecondLineDoseGiven, Assert.Single(FhirReader.Read(Administration(), Now, options).Events).Type);
    }

    [Fact]
    public void An_administration_period_start_is_its_clinical_time()
    {
        var json = Administration(effective: "\"effectivePeriod\":{\"start\":\"2024-03-06T09:00:00Z\",\"end\":\"2024-03-06T13:00:00Z\"}");

        Assert.Equal(new DateTimeOffset(2024, 3, 6, 9, 0, 0, TimeSpan.Zero), Assert.Single(FhirReader.Read(json, Now).Events).Time);
    }

    [Theory]
    [InlineData("not-done")]
    [InlineData("stopped")]
    public void Administrations_not_given_are_ignored(string status)
    {
        var result = FhirReader.Read(Administration(status: status), Now);

        Assert.True(result.IsValid);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void An_administration_sent_again_as_entered_in_error_retracts_every_version_of_it()
    {
        var json = Administration("6902", "methylprednisolone", status: "entered-in-error")
            .Replace("\"id\":\"ma1\",", "\"id\":\"ma1\",\"meta\":{\"versionId\":\"3\",\"lastUpdated\":\"2024-03-07T09:15:00Z\",\"source\":\"#emr\"},", StringComparison.Ordinal);

        var e = Assert.Single(FhirReader.Read(json, Now).Events);

        Assert.Equal(EventTypes.EnteredInError, e.Type);
        Assert.Equal("MedicationAdministration/ma1", e.Retracts);
        Assert.Equal("MedicationAdministration/ma1/_history/3", e.Id);
        Assert.Equal("#emr", e.Source);
        Assert.Equal(new DateTimeOffset(2024, 3, 7, 9, 15, 0, TimeSpan.Zero), e.Time);
        Assert.True(FirstLineGiven("MedicationAdministration/ma1/_history/2", "#emr").IsRetractedBy(e));
    }

    [Fact]
    public void An_untracked_drug_entered_in_error_gives_no_event_and_one_without_lastUpdated_is_dated_on_arrival()
    {
        Assert.Empty(FhirReader.Read(Administration("11118", "levetiracetam", status: "entered-in-error"), Now).Events);
        Assert.Equal(Now, Assert.Single(FhirReader.Read(Administration(status: "entered-in-error"), Now).Events).Time);
    }

    [Fact]
    public void An_encounter_entered_in_error_retracts_its_discharge()
    {
        var json = """{"resourceType":"Encounter","id":"enc1","status":"entered-in-error","subject":{"reference":"Patient/p1"}}""";

        var e = Assert.Single(FhirReader.Read(json, Now).Events);

        Assert.Equal(EventTypes.EnteredInError, e.Type);
        Assert.Equal("Encounter/enc1", e.Retracts);
        Assert.Equal("Patient/p1", e.Subject);
    }

    private static ClinicalEvent FirstLineGiven(string id, string source) => new()
    {
        Source = source,
        Id = id,
        Type = EventTypes.FirstLineStarted,
        Time = Now,
        Subject = "Patient/p1",
        Agent = Agents.Methylprednisolone,
    };

    [Fact]
    public void An_untracked_medication_is_ignored_and_a_name_alone_is_enough()
    {
        Assert.Empty(FhirReader.Read(Administration("35766", "levetiracetam"), Now).Events);
        Assert.Equal(Agents.Tocilizumab, Assert.Single(FhirReader.Read(Administration("999", "Tocilizumab 20 MG/ML"), Now).Events).Agent);
    }

    [Fact]
    public void A_contained_medication_is_resolved()
    {
        var json = """
            {"resourceType":"MedicationAdministration","id":"ma2","status":"completed",
             "contained":[{"resourceType":"Medication","id":"m","code":{"text":"Anakinra 100 MG/0.67 ML"}}],
             "medicationReference":{"reference":"#m"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-06T10:00:00Z"}
            """;

        Assert.Equal(Agents.Anakinra, Assert.Single(FhirReader.Read(json, Now).Events).Agent);
    }

    [Fact]
    public void An_unresolvable_medication_reference_is_named()
    {
        var json = Administration().Replace(
            "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"121191\",\"display\":\"rituximab\"}]}",
            "\"medicationReference\":{\"reference\":\"Medication/elsewhere\"}", StringComparison.Ordinal);

        Assert.Equal(["MedicationAdministration.medicationReference"], Fields(FhirReader.Read(json, Now)));
    }

    [Fact]
    public void A_missing_administration_time_and_subject_are_named()
    {
        var json = Administration(effective: "\"note\":[{\"text\":\"x\"}]").Replace("\"subject\":{\"reference\":\"Patient/p1\"},", string.Empty, StringComparison.Ordinal);

        Assert.Equal(["MedicationAdministration.effectiveDateTime", "MedicationAdministration.subject"], Fields(FhirReader.Read(json, Now)).Order());
    }

    [Fact]
    public void A_subject_that_is_not_a_patient_is_named()
    {
        var json = Administration().Replace("Patient/p1", "Group/g1", StringComparison.Ordinal);

        Assert.Equal(["MedicationAdministration.subject"], Fields(FhirReader.Read(json, Now)));
    }

    [Theory]
    [InlineData("29463-7", 72.5, "kg", 72.5, null)]
    [InlineData("3141-9", 160, "[lb_av]", 72.57477920, null)]
    [InlineData("29463-7", 72500, "g", 72.5, null)]
    [InlineData("8302-2", 180, "cm", null, 180.0)]
    [InlineData("8302-2", 1.8, "m", null, 180.0)]
    [InlineData("8302-2", 70, "[in_i]", null, 177.8)]
    public void Body_weight_and_height_become_measurements_in_kg_and_cm(string loinc, double value, string unit, double? kg, double? cm)
    {
        var e = Assert.Single(FhirReader.Read(Observation(loinc, value, unit), Now).Events);

        Assert.Equal(EventTypes.PatientMeasurements, e.Type);
        Assert.Equal(kg is null, e.WeightKg is null);
        Assert.Equal(cm is null, e.HeightCm is null);
        Assert.Equal(kg ?? cm!.Value, (e.WeightKg ?? e.HeightCm)!.Value, 6);
    }

    [Fact]
    public void An_unknown_unit_or_a_non_positive_weight_is_named()
    {
        Assert.Equal(["Observation.valueQuantity.code"], Fields(FhirReader.Read(Observation("29463-7", 70, "stone"), Now)));
        Assert.Equal(["Observation.valueQuantity"], Fields(FhirReader.Read(Observation("29463-7", 0, "kg"), Now)));
    }

    [Fact]
    public void Preliminary_and_unrelated_observations_are_ignored()
    {
        Assert.Empty(FhirReader.Read(Observation("29463-7", 70, "kg", "preliminary"), Now).Events);
        Assert.Empty(FhirReader.Read(Observation("8867-4", 70, "/min"), Now).Events);
    }

    [Fact]
    public void A_finished_encounter_is_a_discharge_at_period_end()
    {
        var json = """{"resourceType":"Encounter","id":"enc1","status":"finished","class":{"code":"IMP"},"subject":{"reference":"Patient/p1"},"period":{"start":"2024-03-05T08:00:00Z","end":"2024-03-20T14:30:00Z"}}""";

        var e = Assert.Single(FhirReader.Read(json, Now).Events);

        Assert.Equal(EventTypes.PatientDischarged, e.Type);
        Assert.StartsWith("Encounter/enc1/_content/", e.Id, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 3, 20, 14, 30, 0, TimeSpan.Zero), e.Time);
    }

    [Fact]
    public void A_finished_encounter_without_an_end_is_named_and_an_open_one_is_ignored()
    {
        var finished = """{"resourceType":"Encounter","id":"e","status":"finished","subject":{"reference":"Patient/p1"},"period":{"start":"2024-03-05T08:00:00Z"}}""";
        var open = """{"resourceType":"Encounter","id":"e","status":"in-progress","subject":{"reference":"Patient/p1"}}""";

        Assert.Equal(["Encounter.period.end"], Fields(FhirReader.Read(finished, Now)));
        Assert.True(FhirReader.Read(open, Now).IsValid);
        Assert.Empty(FhirReader.Read(open, Now).Events);
    }

    [Fact]
    public void A_patient_with_a_death_time_is_deceased_and_a_bare_boolean_is_dated_when_the_record_changed()
    {
        var dead = """{"resourceType":"Patient","id":"p1","deceasedDateTime":"2024-03-10T12:00:00Z"}""";
        var undated = """{"resourceType":"Patient","id":"p1","meta":{"lastUpdated":"2024-03-11T08:00:00Z"},"deceasedBoolean":true}""";

        var e = Assert.Single(FhirReader.Read(dead, Now).Events);
        Assert.Equal((EventTypes.PatientDeceased, "Patient/p1", (string?)null), (e.Type, e.Subject, e.TimePrecision));
        var boolean = Assert.Single(FhirReader.Read(undated, Now).Events);
        Assert.Equal((EventTypes.PatientDeceased, new DateTimeOffset(2024, 3, 11, 8, 0, 0, TimeSpan.Zero), "unknown"), (boolean.Type, boolean.Time, boolean.TimePrecision));
        Assert.Empty(FhirReader.Read("""{"resourceType":"Patient","id":"p1"}""", Now).Events);
    }

    [Fact]
    public void A_transaction_bundle_maps_each_entry_and_resolves_urn_uuid_patients()
    {
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.3","value":"00123456"}]},"request":{"method":"PUT","url":"Patient?identifier=urn:oid:1.2.3|00123456"}},
              {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","resource":{{{Condition.Replace("Patient/p1", "urn:uuid:11111111-1111-1111-1111-111111111111", StringComparison.Ordinal).Replace("\"id\":\"c1\",", string.Empty, StringComparison.Ordinal)}}},"request":{"method":"POST","url":"Condition"}},
              {"resource":{{{Administration()}}},"request":{"method":"POST","url":"MedicationAdministration"}}]}
            """;
        var options = new FhirOptions { Identifiers = new PatientIdentifierDomains(new Dictionary<string, IReadOnlyList<string>> { ["GENH"] = ["urn:oid:1.2.3"] }) };

        var result = FhirReader.Read(bundle, Now, options);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal([EventTypes.RseOnset, EventTypes.SecondLineStarted], result.Events.Select(e => e.Type));
        Assert.StartsWith("urn:uuid:22222222-2222-2222-2222-222222222222/_content/", result.Events[0].Id, StringComparison.Ordinal);
        Assert.Equal("GENH:00123456", result.Events[0].Subject);
    }

    [Fact]
    public void A_bundle_is_atomic_and_names_the_bad_entry()
    {
        var bundle = $$$"""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{{{Condition}}}},{"resource":{{{Administration(effective: "\"effectiveDateTime\":\"2024-03-30T10:00:00Z\"")}}}}]}""";

        var result = FhirReader.Read(bundle, Now);

        Assert.Empty(result.Events);
        Assert.Equal(["Bundle.entry[1].resource.effectiveDateTime"], Fields(result));
        Assert.Contains("future", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_resource_in_a_bundle_is_refused()
    {
        var bundle = $$$"""{"resourceType":"Bundle","type":"batch","entry":[{"resource":{{{Condition}}}},{"resource":{{{Condition}}}}]}""";

        Assert.Equal(["Bundle.entry[1].resource.id"], Fields(FhirReader.Read(bundle, Now)));
    }

    [Theory]
    [InlineData("""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"p"}}]}""", "Bundle.type")]
    [InlineData("""{"resourceType":"Bundle","type":"collection"}""", "Bundle.entry")]
    [InlineData("""{"resourceType":"Practitioner","id":"x"}""", "Practitioner.resourceType")]
    [InlineData("""{"resourceType":"Encounter","status":"finished","subject":{"reference":"Patient/p1"},"period":{"end":"2024-03-20T14:30:00Z"}}""", "Encounter.id")]
    public void Unsupported_shapes_are_named(string json, string field)
    {
        var result = FhirReader.Read(json, Now);

        Assert.Equal([field], Fields(result));
    }

    [Theory]
    [InlineData("""{"resourceType":"Foo"}""", "resourceType")]
    [InlineData("""{"id":"x"}""", "resourceType")]
    [InlineData("""{"resourceType":"Observation","id":"o","status":"bogus","code":{"text":"x"}}""", "Observation.status")]
    [InlineData("""{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"},"valueQuantity":{"value":"heavy"}}""", "Observation.value.value")]
    [InlineData("""{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"},"colour":"red"}""", "Observation.colour")]
    public void Parse_errors_are_named_by_their_fhir_path(string json, string field)
    {
        var result = FhirReader.Read(json, Now);

        Assert.Contains(field, Fields(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_parse_error_inside_a_bundle_names_the_entry_path()
    {
        var bundle = $$$"""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{{{Condition}}}},{"resource":{{{Administration(effective: "\"effectiveDateTime\":\"2024-13-45T99\"")}}}}]}""";

        var result = FhirReader.Read(bundle, Now);

        Assert.Equal(["Bundle.entry[1].resource.effective"], Fields(result));
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("{\"resourceType\":")]
    public void A_body_that_is_not_a_json_resource_is_refused_as_body(string json)
    {
        Assert.Equal(["body"], Fields(FhirReader.Read(json, Now)));
    }

    [Fact]
    public void Garbage_never_throws_and_never_yields_events_with_errors()
    {
        var random = new Random(42);
        var valid = $$$"""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{{{Condition}}}},{"resource":{{{Administration()}}}}]}""";
        const string alphabet = "{}[]\":,0123456789abcdefTZ-+ resourceType";
        for (var i = 0; i < 600; i++)
        {
            var chars = valid.ToCharArray();
            for (var flips = random.Next(1, 5); flips > 0; flips--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var result = FhirReader.Read(new string(chars), Now);

            Assert.True(result.IsValid ? result.Errors.Count == 0 : result.Events.Count == 0);
        }
    }
}
