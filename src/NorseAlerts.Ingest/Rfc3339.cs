using System.Globalization;
using System.Text.RegularExpressions;

namespace NorseAlerts.Ingest;

/// <summary>
/// Strict RFC 3339 date-time parsing (seconds and an offset required). Clinical time drives every
/// deadline, so a value without an offset is rejected rather than guessed.
/// </summary>
internal static partial class Rfc3339
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>The instant <paramref name="text"/> names, or null when it is not an RFC 3339 date-time.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null || text.Length > 40 || !Shape().IsMatch(text))
        {
            return null;
        }

        // .NET keeps 7 fractional digits; RFC 3339 allows more. Drop the excess rather than reject.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : null;
    }
}
