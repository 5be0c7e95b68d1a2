using Microsoft.Extensions.Configuration;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;
using static NorseAlerts.Ingest.Tests.PublicSamples;

namespace NorseAlerts.Ingest.Tests;

public class SiteProfileTests
{
    private static SiteProfile Site(params (string Key, string Value)[] settings) =>
        SiteProfile.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Hl7_times_without_offset_are_read_in_the_site_zone_with_daylight_saving()
    {
        var site = Site(("NorseAlerts:Site:TimeZone", "Europe/Rome"));
        var winter = Hl7v2Reader.Read(LodiAdmitWithStatusEpilepticus, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero), site.Hl7v2);
        var summer = Hl7v2Reader.Read(LodiAdmitWithStatusEpilepticus.Replace("200803031508|A", "200807031508|A", StringComparison.Ordinal),
            new DateTimeOffset(2008, 7, 10, 0, 0, 0, TimeSpan.Zero), site.Hl7v2);

        Assert.Equal(new DateTimeOffset(2008, 3, 3, 14, 8, 0, TimeSpan.Zero), Assert.Single(winter.Events).Time); // CET, +01:00
        Assert.Equal(new DateTimeOffset(2008, 7, 3, 13, 8, 0, TimeSpan.Zero), Assert.Single(summer.Events).Time); // CEST, +02:00
    }

    [Fact]
    public void Who_icd10_status_epilepticus_opens_a_case_without_any_site_code()
    {
        var e = Assert.Single(Hl7v2Reader.Read(LodiAdmitWithStatusEpilepticus, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero)).Events);

        Assert.Equal(EventTypes.RseOnset, e.Type);
        Assert.Equal("PK:5520255", e.Subject);
    }

    [Theory]
    [InlineData("G40.911", "I10")]
    [InlineData("G40911", "I10C")]
    [InlineData("G40.A11", "ICD10CM")]
    [InlineData("G40.833", "I10")]
    public void Icd10cm_with_status_epilepticus_codes_open_a_case(string code, string system)
    {
        var message = CernerAdmitWithIcd10Cm.Replace("G40.911^", code + "^", StringComparison.Ordinal).Replace("^I10||", "^" + system + "||", StringComparison.Ordinal);

        var e = Assert.Single(Hl7v2Reader.Read(message, new DateTimeOffset(2014, 2, 1, 0, 0, 0, TimeSpan.Zero)).Events);

        Assert.Equal(EventTypes.RseOnset, e.Type);
        Assert.Equal("987654", e.Subject);
    }

    [Fact]
    public void Epilepsy_without_status_epilepticus_opens_nothing_and_is_reported_as_unmapped()
    {
        var message = CernerAdmitWithIcd10Cm.Replace("G40.911^Epilepsy, unspecified, intractable, with status epilepticus", "G40.919^Epilepsy, unspecified, intractable, without status epilepticus", StringComparison.Ordinal);

        var result = Hl7v2Reader.Read(message, new DateTimeOffset(2014, 2, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        Assert.Empty(result.Events);
        var unmapped = Assert.Single(result.UnmappedDiagnoses);
        Assert.Equal(("I10", "G40.919"), (unmapped.System, unmapped.Code));
    }

    [Fact]
    public void A_site_onset_code_opens_a_case_in_every_name_of_its_system()
    {
        var site = Site(("NorseAlerts:Codes:RseOnset:0", "I10C|G40.919"));
        var message = CernerAdmitWithIcd10Cm.Replace("G40.911^", "G40.919^", StringComparison.Ordinal);

        var e = Assert.Single(Hl7v2Reader.Read(message, new DateTimeOffset(2014, 2, 1, 0, 0, 0, TimeSpan.Zero), site.Hl7v2).Events);

        Assert.Equal(EventTypes.RseOnset, e.Type);
    }

    [Fact]
    public void Hl7_and_fhir_feeds_about_one_patient_share_a_key_through_an_identifier_domain()
    {
        // FHIR R4 example Condition "f201" (hl7.org/fhir/R4/condition-example-f201.json), coded for status epilepticus,
        // its subject given as a logical reference by identifier, as EHRs that do not share resource ids send it.
        var site = Site(("NorseAlerts:Site:PatientIdentifiers:LODI", "PK,urn:oid:2.16.840.1.113883.2.9.4.3.2"));
        const string condition = """
            {"resourceType":"Condition","id":"f201",
             "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
             "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007","display":"Status epilepticus"}]},
             "subject":{"identifier":{"system":"urn:oid:2.16.840.1.113883.2.9.4.3.2","value":"5520255"}},
             "onsetDateTime":"2008-03-03T15:08:00+01:00","recordedDate":"2008-03-03T15:30:00+01:00"}
            """;

        var fromHl7 = Assert.Single(Hl7v2Reader.Read(LodiAdmitWithStatusEpilepticus, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero), site.Hl7v2).Events);
        var fromFhir = Assert.Single(FhirReader.Read(condition, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero), site.Fhir).Events);

        Assert.Equal("LODI:5520255", fromHl7.Subject);
        Assert.Equal(fromHl7.Subject, fromFhir.Subject);
    }

    [Theory]
    [InlineData("NorseAlerts:Site:TimeZone", "Mars/Olympus_Mons")]
    [InlineData("NorseAlerts:Codes:RseOnset:0", "G40.919")]
    [InlineData("NorseAlerts:Codes:RseOnset:1", "I10C|")]
    [InlineData("NorseAlerts:Site:PatientIdentifiers:GENH", " , ")]
    public void An_invalid_site_setting_fails_with_a_message_naming_its_key(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Site((key, value)));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_in_two_domains_fails_naming_both()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Site(
            ("NorseAlerts:Site:PatientIdentifiers:GENH", "GENH,urn:oid:1.2.3"), ("NorseAlerts:Site:PatientIdentifiers:NORTH", "urn:oid:1.2.3")));

        Assert.Contains("GENH", e.Message, StringComparison.Ordinal);
        Assert.Contains("NORTH", e.Message, StringComparison.Ordinal);
    }
}
