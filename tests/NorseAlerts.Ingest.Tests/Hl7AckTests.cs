using NorseAlerts.Ingest;
using Xunit;
using static NorseAlerts.Ingest.Tests.Hl7Samples;

namespace NorseAlerts.Ingest.Tests;

public class Hl7AckTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 21, 12, 0, 5, TimeSpan.Zero);

    private static string[][] Segments(string ack) =>
        [.. ack.Split('\r', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('|'))];

    [Fact]
    public void AA_swaps_sender_and_receiver_and_echoes_the_control_id()
    {
        var ack = Hl7v2Reader.Read(Discharge, Now).Ack(Now);

        Assert.EndsWith("\r", ack, StringComparison.Ordinal);
        var segments = Segments(ack);
        var msh = segments[0];
        Assert.Equal(["MSH", "^~\\&", "NORSEALERTS", "NEURO", "MIRTH", "GENH", "20240321120005+0000", "", "ACK^A03^ACK", "ACKMSG00002", "P", "2.5.1"], msh);
        Assert.Equal(["MSA", "AA", "MSG00002", "accepted 1 event(s)"], segments[1]);
        Assert.Equal(2, segments.Length);
    }

    [Fact]
    public void AE_lists_each_bad_field_in_an_ERR_segment()
    {
        var message = Join(Header("ADT^A03", "BAD1"), "PID|1||");

        var segments = Segments(Hl7v2Reader.Read(message, Now).Ack(Now));

        Assert.Equal("AE", segments[1][1]);
        Assert.Equal("BAD1", segments[1][2]);
        var err = segments[2];
        Assert.Equal("ERR", err[0]);
        Assert.Equal("PID^1^3", err[2]);
        Assert.Equal("101^Required field missing^HL70357", err[3]);
        Assert.Equal("E", err[4]);
        Assert.StartsWith("PID-3 is required", err[8], StringComparison.Ordinal);
    }

    [Fact]
    public void AR_for_an_unsupported_version_names_MSH_12_with_code_203()
    {
        var message = "MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|20240305||ADT^A03|V9|P|3.0\rPID|1||1\r";

        var segments = Segments(Hl7v2Reader.Read(message, Now).Ack(Now));

        Assert.Equal(["MSA", "AR", "V9"], segments[1][..3]);
        Assert.Equal("MSH^1^12", segments[2][2]);
        Assert.StartsWith("203^", segments[2][3], StringComparison.Ordinal);
        Assert.Equal("3.0", segments[0][11]);
    }

    [Fact]
    public void A_second_RXA_is_located_by_its_sequence()
    {
        var message = FirstLineTwoDrugs.Replace("RXA|0|1|20240305120000+0000", "RXA|0|1|soon", StringComparison.Ordinal);

        var segments = Segments(Hl7v2Reader.Read(message, Now).Ack(Now));

        Assert.Equal("RXA^3^3", segments[2][2]);
    }

    [Fact]
    public void An_unreadable_message_still_gets_an_AR_with_empty_routing()
    {
        var segments = Segments(Hl7v2Reader.Read("hello", Now).Ack(Now));

        Assert.Equal("ACK", segments[0][8]);
        Assert.Equal(Hl7Ack.FallbackVersion, segments[0][11]);
        Assert.Equal(["MSA", "AR", ""], segments[1][..3]);
    }

    [Fact]
    public void Delimiters_in_error_text_are_escaped()
    {
        var header = new Hl7MessageHeader("A", "B", "C", "D", "ADT", "A03", "C|1", "P", "2.5.1");

        var ack = Hl7Ack.Build(header, Hl7AckCodes.Error, "bad ^ value | here", [new("PID-3", "a|b^c~d\\e&f")], [Hl7ErrorCodes.DataTypeError], Now, "K1");

        var segments = Segments(ack);
        Assert.Equal("C\\F\\1", segments[1][2]);
        Assert.Equal("bad \\S\\ value \\F\\ here", segments[1][3]);
        Assert.Equal("PID-3 a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f", segments[2][8]);
        Assert.Equal("K1", segments[0][9]);
    }

    [Fact]
    public void Components_of_the_sending_application_survive_the_swap()
    {
        var message = Discharge.Replace("MSH|^~\\&|MIRTH|GENH|", "MSH|^~\\&|MIRTH^1.2.3^ISO|GENH|", StringComparison.Ordinal);

        var segments = Segments(Hl7v2Reader.Read(message, Now).Ack(Now));

        Assert.Equal("MIRTH^1.2.3^ISO", segments[0][4]);
    }
}
