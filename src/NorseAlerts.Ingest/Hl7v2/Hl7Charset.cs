using System.Text;

namespace NorseAlerts.Ingest;

/// <summary>
/// MSH-18 (character set, HL7 table 0211) decides how the bytes of a message are decoded. Empty means the sender's
/// default, read as UTF-8 (ASCII is a subset). Multi-byte sets that are not ASCII-compatible (UTF-16, ISO 2022) are
/// refused: the MSH itself could not be found in them.
/// </summary>
public static class Hl7Charset
{
    /// <summary>The MSH-18 values understood, with the encoding each names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Supported = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ASCII"] = "utf-8",
        ["ISO IR6"] = "utf-8",
        ["UNICODE UTF-8"] = "utf-8",
        ["8859/1"] = "iso-8859-1",
        ["ISO IR100"] = "iso-8859-1",
        ["8859/2"] = "iso-8859-2",
        ["ISO IR101"] = "iso-8859-2",
        ["8859/3"] = "iso-8859-3",
        ["8859/4"] = "iso-8859-4",
        ["8859/5"] = "iso-8859-5",
        ["ISO IR144"] = "iso-8859-5",
        ["8859/6"] = "iso-8859-6",
        ["8859/7"] = "iso-8859-7",
        ["ISO IR126"] = "iso-8859-7",
        ["8859/8"] = "iso-8859-8",
        ["8859/9"] = "iso-8859-9",
        ["8859/15"] = "iso-8859-15",
    };

    static Hl7Charset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The text of <paramref name="body"/>, or null with <paramref name="error"/> (for MSH-18) when it cannot be decoded.</summary>
    public static string? Decode(ReadOnlySpan<byte> body, out string? error)
    {
        var charset = DeclaredCharset(body);
        if (charset.Length == 0)
        {
            charset = "UNICODE UTF-8";
        }

        if (!Supported.TryGetValue(charset, out var name))
        {
            error = $"character set '{charset}' is not supported; send UNICODE UTF-8, ASCII or an 8859/n set";
            return null;
        }

        var encoding = name == "utf-8"
            ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
            : Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            error = null;
            return encoding.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            error = $"the message bytes are not valid {charset} (MSH-18); fix the character set or the content";
            return null;
        }
    }

    /// <summary>MSH-18's first repetition, read from the ASCII bytes of the first segment; empty when absent.</summary>
    public static string DeclaredCharset(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOf("MSH"u8);
        if (start < 0 || body.Length < start + 8)
        {
            return string.Empty;
        }

        var segment = body[start..];
        var end = segment.IndexOfAny((byte)'\r', (byte)'\n');
        if (end >= 0)
        {
            segment = segment[..end];
        }

        var separator = segment[3];
        var field = 2; // the separator itself is MSH-1; the one at index 3 precedes MSH-2
        var position = 3;
        while (field < 18)
        {
            var next = segment[(position + 1)..].IndexOf(separator);
            if (next < 0)
            {
                return string.Empty;
            }

            position += next + 1;
            field++;
        }

        var value = segment[(position + 1)..];
        var close = value.IndexOf(separator);
        if (close >= 0)
        {
            value = value[..close];
        }

        var repetition = segment.Length > 5 ? segment[5] : (byte)'~';
        var first = value.IndexOf(repetition);
        if (first >= 0)
        {
            value = value[..first];
        }

        return Encoding.ASCII.GetString(value).Trim();
    }
}
