namespace NorseAlerts.Pathway.Events;

/// <summary>
/// One canonical clinical event, whatever wire format it came in (CloudEvents JSON, HL7 v2, FHIR).
/// <see cref="Time"/> is clinical time, never arrival time: the pathway sorts by it.
/// </summary>
public sealed record ClinicalEvent
{
    /// <summary>The sending system; with <see cref="Id"/> the idempotency key.</summary>
    public required string Source { get; init; }

    /// <summary>Unique per <see cref="Source"/>.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="EventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>When it happened clinically (RFC 3339 on the wire).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The patient key as the source knows it (opaque; PHI: never logged).</summary>
    public required string Subject { get; init; }

    /// <summary><c>data.agent</c> of immunotherapy events.</summary>
    public string? Agent { get; init; }

    /// <summary><c>data.outcome</c> of <c>response.assessed</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary><c>data.reason</c>: free text from the clinician or source system.</summary>
    public string? Reason { get; init; }

    /// <summary><c>data.from</c> of <c>patient.merged</c>: the old patient key.</summary>
    public string? From { get; init; }

    /// <summary>
    /// <c>data.retracts</c> of <c>event.entered-in-error</c>: the id of the event (from the same source) recorded in
    /// error, or a FHIR resource's <c>&lt;type&gt;/&lt;id&gt;</c>, which retracts every version of it.
    /// </summary>
    public string? Retracts { get; init; }

    /// <summary>
    /// Whether this event is one that <paramref name="retraction"/> (an <c>event.entered-in-error</c>) retracts: the same
    /// source, and the id it names or a version of that FHIR resource. Onsets, merges and retractions are never retracted.
    /// </summary>
    public bool IsRetractedBy(ClinicalEvent retraction)
    {
        ArgumentNullException.ThrowIfNull(retraction);
        return retraction.Type == EventTypes.EnteredInError
            && retraction.Retracts is { Length: > 0 } target
            && Type is not (EventTypes.RseOnset or EventTypes.PatientMerged or EventTypes.EnteredInError)
            && string.Equals(Source, retraction.Source, StringComparison.Ordinal)
            && (string.Equals(Id, target, StringComparison.Ordinal) || (Id.Length > target.Length && Id.StartsWith(target, StringComparison.Ordinal) && Id[target.Length] == '/'));
    }

    /// <summary><c>data.weightKg</c> of <c>patient.measurements</c>.</summary>
    public double? WeightKg { get; init; }

    /// <summary><c>data.heightCm</c> of <c>patient.measurements</c>.</summary>
    public double? HeightCm { get; init; }

    /// <summary>Free-text detail such as <c>data.etiology</c>; shown on the timeline, never interpreted.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// How precisely <see cref="Time"/> is known: null when to the minute or better, <c>day</c> when the source sent a
    /// date only (a closure dated to its day, held at the start of that day in the site's zone), <c>unknown</c> when it
    /// sent no time at all (a FHIR <c>deceasedBoolean</c>, dated when the record said it changed). Only closures may be imprecise.
    /// </summary>
    public string? TimePrecision { get; init; }

    /// <summary>The idempotency key: (source, id).</summary>
    public string Key => Source + "\u001f" + Id;

    /// <summary>Clinical-time order with a stable tie-break, so every arrival order sorts the same.</summary>
    public static readonly IComparer<ClinicalEvent> ClinicalOrder = Comparer<ClinicalEvent>.Create((a, b) =>
    {
        var byTime = a.Time.UtcTicks.CompareTo(b.Time.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySource = string.CompareOrdinal(a.Source, b.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(a.Id, b.Id);
    });
}
