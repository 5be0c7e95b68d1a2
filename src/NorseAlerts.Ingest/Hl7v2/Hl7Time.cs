using System.Globalization;
using System.Text.RegularExpressions;

namespace NorseAlerts.Ingest;

/// <summary>
/// HL7 v2 DTM/TS values (<c>YYYYMMDDHHMM[SS[.S...]][+/-ZZZZ]</c>). Clinical times must be precise to the minute:
/// a date alone could move a treatment deadline by a day. A value without an offset is read in the site's zone.
/// </summary>
internal static partial class Hl7Time
{
    [GeneratedRegex(@"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>The instant, or null when <paramref name="value"/> is not a DTM precise to the minute.</summary>
    public static DateTimeOffset? Parse(string value, TimeZoneInfo localZone)
    {
        var m = Shape().Match(value.Trim());
        if (!m.Success)
        {
            return null;
        }

        int N(int group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            var local = new DateTime(N(1), N(2), N(3), N(4), N(5), N(6), DateTimeKind.Unspecified);
            if (m.Groups[7].Success)
            {
                local = local.AddTicks((long)(double.Parse("0." + m.Groups[7].Value, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
            }

            if (m.Groups[8].Success)
            {
                var z = m.Groups[8].Value;
                var offset = new TimeSpan(int.Parse(z.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(z.AsSpan(3, 2), CultureInfo.InvariantCulture), 0);
                return new DateTimeOffset(local, z[0] == '-' ? -offset : offset);
            }

            return new DateTimeOffset(local, localZone.GetUtcOffset(local));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The start of the day a date-only value (<c>YYYYMMDD</c>) names, in <paramref name="localZone"/>; null otherwise.</summary>
    public static DateTimeOffset? ParseDay(string value, TimeZoneInfo localZone)
    {
        var text = value.Trim();
        if (text.Length != 8 || !DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }

        return new DateTimeOffset(day, localZone.GetUtcOffset(day));
    }

    /// <summary>Formats an instant as an HL7 DTM with seconds and offset.</summary>
    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return value.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }
}
