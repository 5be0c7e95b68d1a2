using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;
using static NorseAlerts.Ingest.Tests.PublicSamples;

namespace NorseAlerts.Ingest.Tests;

/// <summary>The public messages of <see cref="PublicSamples"/>, read as a hospital's engine would send them.</summary>
public class PublicMessageTests
{
    private static readonly DateTimeOffset In2013 = new(2013, 9, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_date_only_death_is_applied_at_the_start_of_that_day_in_the_site_zone_with_day_precision()
    {
        var brisbane = TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane");

        var result = Hl7v2Reader.Read(HomerUpdateWithDateOnlyDeath, In2013, new Hl7v2Options { LocalTimeZone = brisbane });

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        var death = Assert.Single(result.Events);
        Assert.Equal(EventTypes.PatientDeceased, death.Type);
        Assert.Equal("MRN:708010", death.Subject);
        Assert.Equal(new DateTimeOffset(2013, 9, 23, 0, 0, 0, TimeSpan.FromHours(10)), death.Time);
        Assert.Equal("day", death.TimePrecision);
    }

    [Fact]
    public void A_date_only_onset_is_refused_because_a_date_cannot_start_the_treatment_clock()
    {
        var message = LodiAdmitWithStatusEpilepticus.Replace("||200803031508|A", "||20080303|A", StringComparison.Ordinal);

        var result = Hl7v2Reader.Read(message, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(Hl7AckCodes.Error, result.AckCode);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DG1-5", error.Field);
        Assert.Contains("a date alone cannot start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_2_2_admission_opens_a_case_and_a_dg1_without_a_date_for_another_diagnosis_is_fine()
    {
        var result = Hl7v2Reader.Read(Labgl1AdmitVersion22, new DateTimeOffset(1995, 10, 3, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(Hl7AckCodes.Accept, result.AckCode);
        var onset = Assert.Single(result.Events);
        Assert.Equal(("T12345", new DateTimeOffset(1995, 10, 2, 17, 30, 0, TimeSpan.Zero)), (onset.Subject, onset.Time));
    }

    [Fact]
    public void A_version_2_3_error_ack_carries_the_error_in_err_1_as_v2_3_lays_it_out()
    {
        var message = HomerUpdateWithDateOnlyDeath.Replace("||20130923|Y", "||2013-09-23|Y", StringComparison.Ordinal);

        var ack = Hl7v2Reader.Read(message, In2013).Ack(In2013);

        Assert.Contains("MSA|AE|2013092302303834022003", ack, StringComparison.Ordinal);
        Assert.Contains("\rERR|PID^1^29^102&Data type error&HL70357\r", ack, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ack_routes_back_to_the_sender_with_its_hd_subcomponents_intact()
    {
        var ack = Hl7v2Reader.Read(HomerUpdateWithDateOnlyDeath, In2013).Ack(In2013);

        Assert.StartsWith("MSH|^~\\&|DGATE-FAKE^prjHbcisRawIn|99999|HOMER|fake|", ack, StringComparison.Ordinal);
        var withSubcomponents = HomerUpdateWithDateOnlyDeath.Replace("|HOMER|fake|", "|HOMER^1.2.36.1&x^ISO|fake|", StringComparison.Ordinal);
        Assert.Contains("|HOMER^1.2.36.1&x^ISO|fake|", Hl7v2Reader.Read(withSubcomponents, In2013).Ack(In2013), StringComparison.Ordinal);
    }

    [Fact]
    public void A_resent_message_is_acknowledged_as_a_duplicate()
    {
        var result = Hl7v2Reader.Read(HomerUpdateWithDateOnlyDeath, In2013);

        Assert.Contains("MSA|AA|2013092302303834022003|duplicate", result.Ack(In2013, duplicates: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Msh_18_decides_how_the_bytes_are_decoded()
    {
        var latin1 = System.Text.Encoding.Latin1.GetBytes(LodiAdmitWithStatusEpilepticus
            .Replace("|P|2.5\r", "|P|2.5||||||8859/1\r", StringComparison.Ordinal)
            .Replace("Stato di male epilettico", "Stato di male epilettico (crisi prolungata > 5 minuti, attività continua)", StringComparison.Ordinal));

        var result = Hl7v2Reader.Read(latin1, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero), Hl7v2Options.Default);

        Assert.Contains("attività", Assert.Single(result.Events).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_character_set_is_rejected_naming_msh_18()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(HomerUpdateWithDateOnlyDeath.Replace("|AUS|ASCII|ENG", "|AUS|EBCDIC|ENG", StringComparison.Ordinal));

        var result = Hl7v2Reader.Read(bytes, In2013, Hl7v2Options.Default);

        Assert.Equal(Hl7AckCodes.Reject, result.AckCode);
        Assert.Equal("MSH-18", Assert.Single(result.Errors).Field);
        Assert.Contains("MSA|AR|2013092302303834022003", result.Ack(In2013), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_the_declared_utf8_are_rejected_instead_of_silently_replaced()
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(LodiAdmitWithStatusEpilepticus.Replace("|P|2.5\r", "|P|2.5||||||UNICODE UTF-8\r", StringComparison.Ordinal)
            .Replace("Stato", "Statò", StringComparison.Ordinal));

        var result = Hl7v2Reader.Read(bytes, new DateTimeOffset(2008, 3, 10, 0, 0, 0, TimeSpan.Zero), Hl7v2Options.Default);

        Assert.Equal(("MSH-18", Hl7AckCodes.Reject), (Assert.Single(result.Errors).Field, result.AckCode));
    }

    [Fact]
    public void A_control_id_of_a_hundred_thousand_characters_is_rejected_naming_msh_10()
    {
        var message = HomerUpdateWithDateOnlyDeath.Replace("|2013092302303834022003|", "|" + new string('9', 100_000) + "|", StringComparison.Ordinal);

        var result = Hl7v2Reader.Read(message, In2013);

        Assert.Equal(Hl7AckCodes.Reject, result.AckCode);
        Assert.Equal("MSH-10", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void A_patient_identifier_with_a_nul_is_an_error_naming_pid_3()
    {
        var message = HomerUpdateWithDateOnlyDeath.Replace("|708010^^^MRN^MR|", "|708\u0000010^^^MRN^MR|", StringComparison.Ordinal);

        var result = Hl7v2Reader.Read(message, In2013);

        Assert.Equal(Hl7AckCodes.Error, result.AckCode);
        Assert.Equal("PID-3", Assert.Single(result.Errors).Field);
    }
}
