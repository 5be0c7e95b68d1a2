using System.Globalization;

namespace NorseAlerts.Pathway.Rules;

/// <summary>Durations and instants written for clinicians: "7 d", "24 h", "2026-11-25 06:34Z".</summary>
public static class Durations
{
    /// <summary>A duration in the largest whole unit that fits.</summary>
    public static string Format(TimeSpan t)
    {
        if (t.TotalDays >= 1 && t.TotalHours % 24 == 0)
        {
            return $"{t.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} d";
        }

        return t.TotalHours >= 1
            ? $"{t.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h"
            : $"{t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min";
    }

    /// <summary>An instant in UTC, minute precision.</summary>
    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
