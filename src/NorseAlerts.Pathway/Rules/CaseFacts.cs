using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// What a case's events say, read in clinical-time order. Every rule reads these facts, never the raw
/// arrival order, which is why a backdated event can disprove an alert already raised.
/// </summary>
public sealed class CaseFacts
{
    private CaseFacts(IReadOnlyList<ClinicalEvent> all)
    {
        // An event entered in error is not a fact: every rule reads the case as if it had never arrived.
        var sorted = Standing(all);
        Events = sorted;
        Onset = sorted.FirstOrDefault(e => e.Type == EventTypes.RseOnset);
        FirstLineStart = sorted.FirstOrDefault(e => e.Type == EventTypes.FirstLineStarted);
        FirstLineCompleted = FirstLineStart is null
            ? null
            : sorted.FirstOrDefault(e => e.Type == EventTypes.FirstLineCompleted && e.Time >= FirstLineStart.Time);
        Assessments = [.. sorted.Where(e => e.Type == EventTypes.ResponseAssessed)];
        SecondLineStarts = [.. sorted.Where(e => e.Type == EventTypes.SecondLineStarted)];
        // A closure dated before T0 belongs to an earlier encounter (say a discharge held before this onset), and a
        // discharge that a later cancellation revoked closes nothing.
        var revoked = RevokedDischarges(sorted);
        Closure = Onset is null ? null : sorted.FirstOrDefault(e => EventTypes.Closures.Contains(e.Type) && e.Time >= Onset.Time && !revoked.Contains(e));
        WeightKg = sorted.LastOrDefault(e => e.Type == EventTypes.PatientMeasurements && e.WeightKg is not null)?.WeightKg;
        HeightCm = sorted.LastOrDefault(e => e.Type == EventTypes.PatientMeasurements && e.HeightCm is not null)?.HeightCm;
    }

    /// <summary>All events in clinical order, less those entered in error.</summary>
    public IReadOnlyList<ClinicalEvent> Events { get; }

    /// <summary>The earliest <c>rse.onset</c>: T0.</summary>
    public ClinicalEvent? Onset { get; }

    /// <summary>The earliest first-line start.</summary>
    public ClinicalEvent? FirstLineStart { get; }

    /// <summary>The first <c>first-line.completed</c> at or after the start.</summary>
    public ClinicalEvent? FirstLineCompleted { get; }

    /// <summary>Every <c>response.assessed</c> event, in clinical-time order.</summary>
    public IReadOnlyList<ClinicalEvent> Assessments { get; }

    /// <summary>Every second-line start, in clinical-time order.</summary>
    public IReadOnlyList<ClinicalEvent> SecondLineStarts { get; }

    /// <summary>The earliest closure event dated at or after the onset.</summary>
    public ClinicalEvent? Closure { get; }

    /// <summary>Latest recorded weight.</summary>
    public double? WeightKg { get; }

    /// <summary>Latest recorded height.</summary>
    public double? HeightCm { get; }

    /// <summary>The latest assessment in clinical time.</summary>
    public ClinicalEvent? LatestAssessment => Assessments.Count == 0 ? null : Assessments[^1];

    /// <summary>The events no <c>event.entered-in-error</c> among them retracts, in their order.</summary>
    public static IReadOnlyList<ClinicalEvent> Standing(IReadOnlyList<ClinicalEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var retractions = events.Where(e => e.Type == EventTypes.EnteredInError).ToList();
        return retractions.Count == 0 ? events : [.. events.Where(e => !retractions.Any(e.IsRetractedBy))];
    }

    /// <summary>
    /// The discharges a <c>patient.discharge-cancelled</c> revoked: each cancellation revokes the latest discharge dated at
    /// or before it that no earlier cancellation revoked.
    /// </summary>
    private static HashSet<ClinicalEvent> RevokedDischarges(IReadOnlyList<ClinicalEvent> sorted)
    {
        var revoked = new HashSet<ClinicalEvent>(ReferenceEqualityComparer.Instance);
        var standing = new Stack<ClinicalEvent>();
        foreach (var e in sorted)
        {
            if (e.Type == EventTypes.PatientDischarged)
            {
                standing.Push(e);
            }
            else if (e.Type == EventTypes.DischargeCancelled && standing.TryPop(out var discharge))
            {
                revoked.Add(discharge);
            }
        }

        return revoked;
    }

    /// <summary>Reads the facts of events already in clinical order.</summary>
    public static CaseFacts From(IReadOnlyList<ClinicalEvent> sortedEvents) => new(sortedEvents);
}
