using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>One event on a case's timeline (clinical fields only; the patient key is on the case).</summary>
public sealed record TimelineItem(
    string Id, string Source, string Type, DateTimeOffset Time, string? Agent, string? Outcome, string? Reason,
    double? WeightKg, double? HeightCm, string? Detail, bool AfterClosure)
{
    /// <summary>The item for <paramref name="e"/>; <paramref name="afterClosure"/> marks events recorded on a closed case.</summary>
    public static TimelineItem From(ClinicalEvent e, bool afterClosure)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new TimelineItem(e.Id, e.Source, e.Type, e.Time, e.Agent, e.Outcome, e.Reason, e.WeightKg, e.HeightCm, e.Detail, afterClosure)
        {
            TimePrecision = e.TimePrecision,
            Retracts = e.Retracts,
        };
    }

    /// <summary><c>data.retracts</c> of an <c>event.entered-in-error</c>: the event it retracts.</summary>
    public string? Retracts { get; init; }

    /// <summary>True when a later <c>event.entered-in-error</c> retracted this event: it shows, and counts for nothing.</summary>
    public bool EnteredInError { get; init; }

    /// <summary>Null when <see cref="Time"/> is exact; <c>day</c> or <c>unknown</c> for a closure sent without a time.</summary>
    public string? TimePrecision { get; init; }
}
