using System.Text;
using System.Text.RegularExpressions;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// Builds the ER7 ACK for a message (original-mode acknowledgment): MSH with sender and receiver swapped, MSA with
/// the code and the original MSH-10, and one ERR per bad field. Segments end with CR, as MLLP peers expect.
/// </summary>
public static partial class Hl7Ack
{
    /// <summary>The version written when the original MSH-12 could not be read.</summary>
    public const string FallbackVersion = "2.5.1";

    [GeneratedRegex(@"^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?(?:-(\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Location();

    /// <summary>The ACK for <paramref name="result"/>.</summary>
    /// <param name="result">What the reader made of the message.</param>
    /// <param name="now">The ACK's own MSH-7.</param>
    /// <param name="controlId">The ACK's MSH-10; default <c>ACK</c> + the original MSH-10 (deterministic, so a retried message gets the same ACK).</param>
    /// <param name="duplicates">How many of the result's events the store already held (a resent message).</param>
    public static string Build(Hl7v2Result result, DateTimeOffset now, string? controlId = null, int duplicates = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.AckCode switch
        {
            Hl7AckCodes.Accept when result.Events.Count == 0 => "accepted; nothing to apply",
            Hl7AckCodes.Accept when duplicates >= result.Events.Count => "duplicate: already received, nothing applied again",
            Hl7AckCodes.Accept when duplicates > 0 => $"accepted {result.Events.Count - duplicates} event(s), {duplicates} duplicate(s)",
            Hl7AckCodes.Accept => $"accepted {result.Events.Count} event(s)",
            Hl7AckCodes.Reject => "rejected: " + Summary(result.Errors),
            _ => "not applied: " + Summary(result.Errors),
        };
        return Build(result.Header, result.AckCode, text, result.Errors, result.ErrorCodes, now, controlId);
    }

    /// <summary>An ACK from its parts, for callers that decide the code themselves (e.g. a store failure: AE).</summary>
    /// <param name="header">The original MSH (null when unreadable: the ACK then carries empty routing fields).</param>
    /// <param name="ackCode">AA, AE or AR.</param>
    /// <param name="text">MSA-3 text.</param>
    /// <param name="errors">One ERR segment each.</param>
    /// <param name="errorCodes">HL7 table 0357 codes matching <paramref name="errors"/>; missing ones default to 207 (AE) or 200 (AR).</param>
    /// <param name="now">The ACK's MSH-7.</param>
    /// <param name="controlId">The ACK's MSH-10.</param>
    public static string Build(
        Hl7MessageHeader? header,
        string ackCode,
        string text,
        IReadOnlyList<FieldError> errors,
        IReadOnlyList<string> errorCodes,
        DateTimeOffset now,
        string? controlId = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(errorCodes);
        var d = Er7Delimiters.Standard;
        var originalId = header?.ControlId ?? string.Empty;
        var ackId = controlId ?? (originalId.Length > 0 ? "ACK" + originalId : "ACK" + Hl7Time.Format(now)[..14]);
        var trigger = header?.TriggerEvent is { Length: > 0 } t ? $"ACK^{d.EscapeText(t)}^ACK" : "ACK";
        var ack = new StringBuilder();
        ack.Append("MSH|^~\\&|")
            .Append(header?.ReceivingApplication).Append('|')
            .Append(header?.ReceivingFacility).Append('|')
            .Append(header?.SendingApplication).Append('|')
            .Append(header?.SendingFacility).Append('|')
            .Append(Hl7Time.Format(now)).Append("||")
            .Append(trigger).Append('|')
            .Append(d.EscapeText(ackId)).Append('|')
            .Append(header?.ProcessingId is { Length: > 0 } p ? d.EscapeText(p) : "P").Append('|')
            .Append(header?.Version is { Length: > 0 } v ? d.EscapeText(v) : FallbackVersion).Append('\r');
        ack.Append("MSA|").Append(ackCode).Append('|').Append(d.EscapeText(originalId)).Append('|').Append(d.EscapeText(Truncate(text, 80))).Append('\r');
        var elementLayout = UsesElementLayout(header?.Version);
        for (var i = 0; i < errors.Count; i++)
        {
            var code = i < errorCodes.Count ? errorCodes[i] : ackCode == Hl7AckCodes.Reject ? "200" : "207";
            if (elementLayout)
            {
                // v2.1-2.4: ERR-1 "error code and location" (ELD): segment^sequence^field^code&text&table; no ERR-2..8.
                var location = ErrorLocation(errors[i].Field).Split('^');
                string At(int n) => n < location.Length ? location[n] : string.Empty;
                ack.Append("ERR|").Append(At(0)).Append('^').Append(At(1)).Append('^').Append(At(2)).Append('^')
                    .Append(code).Append('&').Append(Hl7ErrorCodes.Describe(code)).Append("&HL70357").Append('\r');
                continue;
            }

            ack.Append("ERR||").Append(ErrorLocation(errors[i].Field)).Append('|')
                .Append(code).Append('^').Append(Hl7ErrorCodes.Describe(code)).Append("^HL70357|E||||")
                .Append(d.EscapeText(errors[i].Field + " " + errors[i].Message)).Append('\r');
        }

        return ack.ToString();
    }

    /// <summary>ERR-2 (segment^sequence^field) for a field named like <c>RXA[2]-3</c>; empty when not an HL7 location.</summary>
    private static string ErrorLocation(string field)
    {
        var m = Location().Match(field);
        if (!m.Success)
        {
            return string.Empty;
        }

        var sequence = m.Groups[2].Success ? m.Groups[2].Value : "1";
        return m.Groups[3].Success ? $"{m.Groups[1].Value}^{sequence}^{m.Groups[3].Value}" : $"{m.Groups[1].Value}^{sequence}";
    }

    /// <summary>Versions before 2.5 carry the error in ERR-1 (ELD); 2.5 deprecated it for ERR-2/3/4/8.</summary>
    private static bool UsesElementLayout(string? version) =>
        version is { Length: > 0 } v && (v.StartsWith("2.1", StringComparison.Ordinal) || v.StartsWith("2.2", StringComparison.Ordinal)
            || v.StartsWith("2.3", StringComparison.Ordinal) || v.StartsWith("2.4", StringComparison.Ordinal));

    private static string Summary(IReadOnlyList<FieldError> errors) => errors.Count switch
    {
        0 => "see ERR",
        1 => $"{errors[0].Field} {errors[0].Message}",
        _ => $"{errors.Count} errors, first {errors[0].Field} {errors[0].Message}",
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";
}
