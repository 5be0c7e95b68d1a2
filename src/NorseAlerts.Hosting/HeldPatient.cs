using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>A patient with held events, as <c>GET /api/held</c> shows it (the same in both hosts).</summary>
/// <param name="Patient">The patient key as the source named it (shown to authenticated readers; never logged).</param>
/// <param name="AgeSeconds">How long the oldest of them has waited.</param>
/// <param name="Events">The held events, in clinical order.</param>
public sealed record HeldPatient(string Patient, long AgeSeconds, IReadOnlyList<HeldEvent> Events)
{
    /// <summary>The view of <paramref name="patient"/>'s held events at <paramref name="now"/>.</summary>
    /// <param name="patient">The patient key.</param>
    /// <param name="events">The held events with when each arrived (null when unknown).</param>
    /// <param name="rule">The expiry rule, for when each one expires.</param>
    /// <param name="now">The current time, for ages.</param>
    public static HeldPatient From(string patient, IEnumerable<(ClinicalEvent Event, DateTimeOffset? ArrivedAt)> events, HeldEventRule rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rule);
        var list = events
            .Select(x => new HeldEvent(
                x.Event.Id,
                x.Event.Source,
                x.Event.Type,
                x.Event.Time,
                x.ArrivedAt,
                x.ArrivedAt is { } at ? Seconds(now - at) : null,
                x.ArrivedAt is { } a ? rule.ExpiresAt(a) : null))
            .ToList();
        var oldest = list.Where(e => e.ReceivedAt is not null).Select(e => e.ReceivedAt!.Value).DefaultIfEmpty(now).Min();
        return new HeldPatient(patient, Seconds(now - oldest), list);
    }

    /// <summary>Patients with at least one held event, the longest waiting first (then by key, so the order is stable).</summary>
    public static IReadOnlyList<HeldPatient> Ordered(IEnumerable<HeldPatient> patients) =>
        [.. patients.Where(p => p.Events.Count > 0).OrderByDescending(p => p.AgeSeconds).ThenBy(p => p.Patient, StringComparer.Ordinal)];

    private static long Seconds(TimeSpan age) => (long)age.TotalSeconds;
}
