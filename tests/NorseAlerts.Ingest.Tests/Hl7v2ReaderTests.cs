using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;
using static NorseAlerts.Ingest.Tests.Hl7Samples;

namespace NorseAlerts.Ingest.Tests;

public class Hl7v2ReaderTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 21, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2024, 3, day, hour, minute, 0, TimeSpan.Zero);

    private static string[] Fields(Hl7v2Result result) => [.. result.Errors.Select(e => e.Field)];

    [Fact]
    public void Admit_with_status_epilepticus_opens_onset_at_the_diagnosis_time()
    {
        var result = Hl7v2Reader.Read(AdmitWithStatusEpilepticus, Now);

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        var e = Assert.Single(result.Events);
        Assert.Equal(EventTypes.RseOnset, e.Type);
        Assert.Equal("hl7v2:MIRTH/GENH", e.Source);
        Assert.Equal("MSG00001", e.Id);
        Assert.Equal("GENH:00123456", e.Subject);
        Assert.Equal(Utc(5, 8, 30), e.Time); // DG1-5, not the attestation DG1-19 an hour later
        Assert.Equal("Status epilepticus", e.Detail);
    }

    [Fact]
    public void Attestation_time_is_used_when_the_diagnosis_time_is_absent()
    {
        var message = AdmitWithStatusEpilepticus.Replace("|20240305083000+0000|W|", "||W|", StringComparison.Ordinal);

        Assert.Equal(Utc(5, 9, 30), Assert.Single(Hl7v2Reader.Read(message, Now).Events).Time);
    }

    [Theory]
    [InlineData("ADT^A04", "NORSE^New-onset refractory SE^99GENH")]
    [InlineData("ADT^A08", "230456007^Status epilepticus^SNM")]
    public void Local_codes_and_other_snomed_names_count_on_A04_and_A08(string type, string code)
    {
        var message = Join(Header(type), "PID|1||555^^^GENH", $"DG1|1||{code}||202403051000+0000");

        var e = Assert.Single(Hl7v2Reader.Read(message, Now).Events);

        Assert.Equal(EventTypes.RseOnset, e.Type);
        Assert.Equal(Utc(5, 10), e.Time);
    }

    [Fact]
    public void Site_codes_replace_the_defaults()
    {
        var options = new Hl7v2Options { RseOnsetCodes = [new CodeMatch("G40.901", ["I10"])] };
        var message = Join(Header("ADT^A01"), "PID|1||555^^^GENH", "DG1|1||G40.901^Epilepsy, intractable, with SE^I10||202403051000+0000",
            "DG1|2||230456007^Status epilepticus^SCT||202403050900+0000");

        var e = Assert.Single(Hl7v2Reader.Read(message, Now, options).Events);

        Assert.Equal(Utc(5, 10), e.Time);
    }

    [Fact]
    public void An_admit_without_a_tracked_diagnosis_is_acknowledged_with_nothing_to_do()
    {
        var message = Join(Header("ADT^A01"), "PID|1||555^^^GENH", "DG1|1||R56.9^Convulsions^I10||202403051000+0000");

        var result = Hl7v2Reader.Read(message, Now);

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Other_adt_events_are_acknowledged_with_nothing_to_do_even_without_a_patient()
    {
        var result = Hl7v2Reader.Read(Join(Header("ADT^A31"), "EVN|A31|20240305"), Now);

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void An_rse_diagnosis_without_a_time_is_an_error_on_DG1_5()
    {
        var message = Join(Header("ADT^A01"), "PID|1||555^^^GENH", "DG1|1||230456007^Status epilepticus^SCT");

        var result = Hl7v2Reader.Read(message, Now);

        Assert.Equal(Hl7AckCodes.Error, result.AckCode);
        Assert.Equal(["DG1-5"], Fields(result));
    }

    [Fact]
    public void A_date_without_a_time_is_refused_for_a_clinical_clock()
    {
        var message = Join(Header("ADT^A01"), "PID|1||555^^^GENH", "DG1|1||230456007^Status epilepticus^SCT||20240305");

        var result = Hl7v2Reader.Read(message, Now);

        Assert.Equal(["DG1-5"], Fields(result));
        Assert.Contains("precise to the minute", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discharge_uses_the_PV1_45_discharge_time()
    {
        var e = Assert.Single(Hl7v2Reader.Read(Discharge, Now).Events);

        Assert.Equal(EventTypes.PatientDischarged, e.Type);
        Assert.Equal(Utc(20, 14, 30), e.Time);
        Assert.Equal("MSG00002", e.Id);
    }

    [Fact]
    public void Discharge_falls_back_to_EVN_then_MSH_7()
    {
        var withoutPv1 = Join(Header("ADT^A03", "X1"), "EVN|A03|20240320150500+0000||||20240320140000+0000", "PID|1||00123456^^^GENH");
        var headerOnly = Join(Header("ADT^A03", "X2"), "PID|1||00123456^^^GENH");

        Assert.Equal(Utc(20, 14), Assert.Single(Hl7v2Reader.Read(withoutPv1, Now).Events).Time);
        Assert.Equal(Utc(5, 10, 15), Assert.Single(Hl7v2Reader.Read(headerOnly, Now).Events).Time);
    }

    [Fact]
    public void A_cancelled_discharge_A13_is_dated_when_the_cancellation_happened()
    {
        var occurred = Join(Header("ADT^A13^ADT_A01", "C1"), "EVN|A13|20240320170500+0000||||20240320170000+0000", "PID|1||00123456^^^GENH^MR||DOE^JANE", "PV1|1|I|NICU^101^A^GENH");
        var recorded = Join(Header("ADT^A13^ADT_A01", "C2"), "EVN|A13|20240320170500+0000", "PID|1||00123456^^^GENH^MR");
        var headerOnly = Join(Header("ADT^A13", "C3"), "PID|1||00123456^^^GENH^MR");

        var e = Assert.Single(Hl7v2Reader.Read(occurred, Now).Events);

        Assert.Equal(EventTypes.DischargeCancelled, e.Type);
        Assert.Equal(Utc(20, 17), e.Time);
        Assert.Equal("C1", e.Id);
        Assert.Equal("GENH:00123456", e.Subject);
        Assert.Equal(Utc(20, 17, 5), Assert.Single(Hl7v2Reader.Read(recorded, Now).Events).Time);
        Assert.Equal(Utc(5, 10, 15), Assert.Single(Hl7v2Reader.Read(headerOnly, Now).Events).Time);
    }

    [Fact]
    public void A_cancelled_discharge_without_a_patient_is_refused_on_PID()
    {
        var result = Hl7v2Reader.Read(Join(Header("ADT^A13", "C4"), "EVN|A13|20240320170500+0000"), Now);

        Assert.Empty(result.Events);
        Assert.Equal(["PID"], Fields(result));
    }

    [Fact]
    public void Times_without_an_offset_are_read_in_the_site_zone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Site", TimeSpan.FromHours(-5), "Site", "Site");
        var message = Join(Header("ADT^A03"), "PID|1||1^^^GENH", "PV1|1|I" + new string('|', 43) + "202403201430");

        var e = Assert.Single(Hl7v2Reader.Read(message, Now, new Hl7v2Options { LocalTimeZone = zone }).Events);

        Assert.Equal(Utc(20, 19, 30), e.Time);
    }

    [Fact]
    public void Merge_names_the_old_patient_key_from_MRG_1()
    {
        var e = Assert.Single(Hl7v2Reader.Read(Merge, Now).Events);

        Assert.Equal(EventTypes.PatientMerged, e.Type);
        Assert.Equal("GENH:00123456", e.Subject);
        Assert.Equal("GENH:00999999", e.From);
        Assert.Equal(Utc(6, 8), e.Time);
    }

    [Fact]
    public void A_merge_of_several_pairs_gives_one_event_each()
    {
        var message = Join(Header("ADT^A40", "M9"), "EVN|A40|202403060800+0000", "PID|1||1^^^GENH", "MRG|2^^^GENH", "PID|2||3^^^GENH", "MRG|4^^^GENH");

        var result = Hl7v2Reader.Read(message, Now);

        Assert.Equal(["M9-1", "M9-2"], result.Events.Select(e => e.Id));
        Assert.Equal(["GENH:2", "GENH:4"], result.Events.Select(e => e.From!));
    }

    [Fact]
    public void A_merge_without_MRG_or_into_itself_is_an_error()
    {
        var noMrg = Hl7v2Reader.Read(Join(Header("ADT^A40"), "PID|1||1^^^GENH"), Now);
        var self = Hl7v2Reader.Read(Join(Header("ADT^A40"), "PID|1||1^^^GENH", "MRG|1^^^GENH"), Now);

        Assert.Equal(["MRG[1]"], Fields(noMrg));
        Assert.Equal(["MRG-1"], Fields(self));
    }

    [Fact]
    public void A_death_on_an_adt_message_closes_with_patient_deceased()
    {
        var message = Join(Header("ADT^A08", "D1"), Segment("PID", (1, "1"), (3, "1^^^GENH"), (5, "DOE^JANE"), (29, "202403101200+0000"), (30, "Y")));

        var e = Assert.Single(Hl7v2Reader.Read(message, Now).Events);

        Assert.Equal(EventTypes.PatientDeceased, e.Type);
        Assert.Equal("D1-deceased", e.Id);
        Assert.Equal(Utc(10, 12), e.Time);
    }

    [Fact]
    public void A_death_without_its_time_is_an_error_on_PID_29()
    {
        var message = Join(Header("ADT^A08"), Segment("PID", (1, "1"), (3, "1^^^GENH"), (5, "DOE^JANE"), (30, "Y")));

        Assert.Equal(["PID-29"], Fields(Hl7v2Reader.Read(message, Now)));
    }

    [Fact]
    public void Patient_key_without_an_authority_is_the_bare_id_and_universal_id_stands_in_for_the_namespace()
    {
        var bare = Hl7v2Reader.Read(Join(Header("ADT^A03"), "PID|1||00123456"), Now);
        var universal = Hl7v2Reader.Read(Join(Header("ADT^A03"), "PID|1||00123456^^^&2.16.840.1.113883.19&ISO"), Now);

        Assert.Equal("00123456", Assert.Single(bare.Events).Subject);
        Assert.Equal("2.16.840.1.113883.19:00123456", Assert.Single(universal.Events).Subject);
    }

    [Fact]
    public void Missing_PID_3_is_an_AE_naming_PID_3()
    {
        var result = Hl7v2Reader.Read(Join(Header("ADT^A03"), "PID|1||"), Now);

        Assert.Equal(Hl7AckCodes.Error, result.AckCode);
        Assert.Equal(["PID-3"], Fields(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Missing_PID_segment_is_an_AE()
    {
        var result = Hl7v2Reader.Read(Join(Header("ADT^A03")), Now);

        Assert.Equal(Hl7AckCodes.Error, result.AckCode);
        Assert.Equal(["PID"], Fields(result));
    }

    [Fact]
    public void Rituximab_first_administration_starts_second_line_with_the_dose_in_the_detail()
    {
        var e = Assert.Single(Hl7v2Reader.Read(Rituximab, Now).Events);

        Assert.Equal(EventTypes.SecondLineStarted, e.Type);
        Assert.Equal(Agents.Rituximab, e.Agent);
        Assert.Equal("MSG00004-1", e.Id);
        Assert.Equal(Utc(6, 10), e.Time);
        Assert.Equal("rituximab 700 mg", e.Detail);
    }

    [Fact]
    public void A_later_administration_of_an_order_is_a_dose_given()
    {
        var message = Rituximab.Replace("RXA|0|1|", "RXA|0|2|", StringComparison.Ordinal);

        Assert.Equal(EventTypes.SecondLineDoseGiven, Assert.Single(Hl7v2Reader.Read(message, Now).Events).Type);
    }

    [Fact]
    public void Sites_that_send_the_start_as_json_can_map_every_administration_to_dose_given()
    {
        var options = new Hl7v2Options { SecondLine = SecondLineMapping.AllDosesGiven };

        Assert.Equal(EventTypes.SecondLineDoseGiven, Assert.Single(Hl7v2Reader.Read(Rituximab, Now, options).Events).Type);
    }

    [Fact]
    public void Several_RXA_give_one_event_each_and_untracked_drugs_are_skipped()
    {
        var result = Hl7v2Reader.Read(FirstLineTwoDrugs, Now);

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        Assert.Equal(["MSG00005-1", "MSG00005-3"], result.Events.Select(e => e.Id));
        Assert.All(result.Events, e => Assert.Equal(EventTypes.FirstLineStarted, e.Type));
        Assert.Equal([Agents.Methylprednisolone, Agents.Ivig], result.Events.Select(e => e.Agent!));
    }

    [Theory]
    [InlineData("612865^tocilizumab^RXNORM", "tocilizumab")]
    [InlineData("72435^anakinra^RXNORM", "anakinra")]
    [InlineData("3002^^RXNORM", "cyclophosphamide")]
    [InlineData("1234567^Actemra 20 MG/ML Injectable Solution^RXNORM", "tocilizumab")]
    [InlineData("X1^Therapeutic plasma exchange^L", "plasmapheresis")]
    public void Agents_are_recognised_by_code_or_by_name(string code, string agent)
    {
        var message = Rituximab.Replace("121191^rituximab^RXNORM", code, StringComparison.Ordinal);

        Assert.Equal(agent, Assert.Single(Hl7v2Reader.Read(message, Now).Events).Agent);
    }

    [Theory]
    [InlineData("RE")]
    [InlineData("NA")]
    public void Refused_or_not_administered_doses_are_acknowledged_without_an_event(string status)
    {
        var message = Rituximab.Replace("|CP|A", $"|{status}|A", StringComparison.Ordinal);

        var result = Hl7v2Reader.Read(message, Now);

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_deleted_administration_is_not_applied()
    {
        var message = Rituximab.Replace("|CP|A", "|CP|D", StringComparison.Ordinal);

        Assert.Empty(Hl7v2Reader.Read(message, Now).Events);
    }

    [Fact]
    public void An_unknown_completion_status_is_an_error_on_RXA_20()
    {
        var message = Rituximab.Replace("|CP|A", "|XX|A", StringComparison.Ordinal);

        Assert.Equal(["RXA-20"], Fields(Hl7v2Reader.Read(message, Now)));
    }

    [Fact]
    public void A_bad_administration_time_is_named_with_its_RXA_and_the_message_is_atomic()
    {
        var message = FirstLineTwoDrugs.Replace("RXA|0|1|20240305120000+0000", "RXA|0|1|soon", StringComparison.Ordinal);

        var result = Hl7v2Reader.Read(message, Now);

        Assert.Equal(Hl7AckCodes.Error, result.AckCode);
        Assert.Equal(["RXA[3]-3"], Fields(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_missing_administration_time_is_named_RXA_3()
    {
        var message = Rituximab.Replace("RXA|0|1|20240306100000+0000|", "RXA|0|1||", StringComparison.Ordinal);

        Assert.Equal(["RXA-3"], Fields(Hl7v2Reader.Read(message, Now)));
    }

    [Fact]
    public void An_administration_more_than_five_minutes_ahead_is_an_error_on_RXA_3()
    {
        var result = Hl7v2Reader.Read(Rituximab, Utc(6, 9, 54));

        Assert.Equal(["RXA-3"], Fields(result));
    }

    [Fact]
    public void RAS_without_RXA_or_without_a_patient_is_an_AE()
    {
        Assert.Equal(["RXA"], Fields(Hl7v2Reader.Read(Join(Header("RAS^O17"), "PID|1||1^^^GENH"), Now)));
        Assert.Equal(["PID"], Fields(Hl7v2Reader.Read(Join(Header("RAS^O17"), Rxa("1", "202403061000+0000", "121191^rituximab^RXNORM")), Now)));
    }

    [Theory]
    [InlineData("", "MSH")]
    [InlineData("PID|1||1", "MSH")]
    [InlineData("MSH|^~|MIRTH", "MSH")]
    [InlineData("MSH|^~\\&|MIRTH|GENH|||20240305||ORU^R01|M1|P|2.5.1", "MSH-9")]
    [InlineData("MSH|^~\\&|MIRTH|GENH|||20240305||RAS^O11|M1|P|2.5.1", "MSH-9")]
    [InlineData("MSH|^~\\&|MIRTH|GENH|||20240305||ADT^A03|M1|P|3.0", "MSH-12")]
    [InlineData("MSH|^~\\&|MIRTH|GENH|||20240305||ADT^A03|M1|P|", "MSH-12")]
    [InlineData("MSH|^~\\&|MIRTH|GENH|||20240305||ADT^A03||P|2.5.1", "MSH-10")]
    [InlineData("MSH|^~\\&||GENH|||20240305||ADT^A03|M1|P|2.5.1", "MSH-3")]
    public void A_message_that_cannot_be_processed_is_rejected_with_AR(string msh, string field)
    {
        var result = Hl7v2Reader.Read(msh + "\rPID|1||1^^^GENH\r", Now);

        Assert.Equal(Hl7AckCodes.Reject, result.AckCode);
        Assert.Equal([field], Fields(result));
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void LF_and_CRLF_separators_are_accepted(string separator)
    {
        var message = Discharge.Replace("\r", separator, StringComparison.Ordinal);

        Assert.Single(Hl7v2Reader.Read(message, Now).Events);
    }

    [Fact]
    public void MLLP_framing_is_stripped()
    {
        Assert.Single(Hl7v2Reader.Read("\v" + Discharge + "\u001c\r", Now).Events);
    }

    [Fact]
    public void Custom_delimiters_and_escapes_are_honoured()
    {
        var message = "MSH#*~!%#MIR!F!TH#GENH#####ADT*A03#E1#P#2.5.1\rPID#1##77***GENH\rPV1#1#I" + new string('#', 43) + "202403201430+0000\r";

        var result = Hl7v2Reader.Read(message, Now);

        Assert.True(result.IsAccepted, string.Join("; ", result.Errors));
        var e = Assert.Single(result.Events);
        Assert.Equal("hl7v2:MIR#TH/GENH", e.Source);
        Assert.Equal("GENH:77", e.Subject);
    }

    [Fact]
    public void Garbage_text_never_throws_and_never_yields_events_with_errors()
    {
        var random = new Random(17);
        const string alphabet = "MSHPIDRXA|^~\\&\r\n0123456789+-. ADT";
        for (var i = 0; i < 3000; i++)
        {
            string text;
            if (i % 2 == 0)
            {
                text = new string([.. Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            }
            else
            {
                var chars = FirstLineTwoDrugs.ToCharArray();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                text = new string(chars);
            }

            var result = Hl7v2Reader.Read(text, Now);

            Assert.True(result.IsAccepted ? result.Errors.Count == 0 : result.Events.Count == 0);
            Assert.StartsWith("MSH|^~\\&|", result.Ack(Now), StringComparison.Ordinal);
        }
    }
}
