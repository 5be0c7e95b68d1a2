using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// The payload of the one external event a per-patient orchestration waits for. A concrete envelope rather than
/// the polymorphic <see cref="Signal"/>, because event payloads are serialised by their runtime type and would
/// lose the type discriminator on the way.
/// </summary>
/// <param name="Event">A validated clinical event, or null.</param>
/// <param name="Ack">An acknowledgement, or null.</param>
/// <param name="Delivery">A token the raising host waits for in <see cref="PatientRun.Receipts"/>, or null.</param>
public sealed record RaisedSignal(ClinicalEvent? Event, Acknowledge? Ack, string? Delivery = null)
{
    /// <summary>The external event name hosts raise and orchestrations wait for.</summary>
    public const string EventName = "signal";

    /// <summary>A request that this patient's record merge into another patient's (null for other signals).</summary>
    public MergeRequest? MergeInto { get; init; }

    /// <summary>A merged-away patient's record, handed to the surviving instance (null for other signals).</summary>
    public CaseState? Handover { get; init; }

    /// <summary>
    /// Several clinical events of one patient from one request, applied as one batch (null for other signals): the
    /// pathway decides once, after all of them, as the embedded host does, so nobody is paged for an in-between
    /// state that a later event of the same request disproves.
    /// </summary>
    public IReadOnlyList<ClinicalEvent>? Batch { get; init; }

    /// <summary>The clinical events this envelope carries: its event, its batch, or none.</summary>
    public IReadOnlyList<ClinicalEvent> Events() => Event is { } e ? [e] : Batch ?? [];

    /// <summary>The envelope of a clinical event.</summary>
    public static RaisedSignal Of(ClinicalEvent clinicalEvent)
    {
        ArgumentNullException.ThrowIfNull(clinicalEvent);
        return new RaisedSignal(clinicalEvent, null);
    }

    /// <summary>
    /// The envelope of one patient's events from one request: the event alone when there is one, else a batch, which
    /// may hold one <c>patient.merged</c> event (the loop then asks the merged-away patient's instance for its record
    /// after deciding the batch).
    /// </summary>
    public static RaisedSignal Of(IReadOnlyList<ClinicalEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("a batch holds at least one event", nameof(events));
        }

        if (events.Count == 1)
        {
            return Of(events[0]);
        }

        if (events.Count(e => e.Type == EventTypes.PatientMerged) > 1)
        {
            throw new ArgumentException("a batch holds at most one patient.merged event", nameof(events));
        }

        if (events.Select(e => e.Subject).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new ArgumentException("a batch holds the events of one patient", nameof(events));
        }

        return new RaisedSignal(null, null) { Batch = [.. events] };
    }

    /// <summary>The envelope with every event it carries filed under <paramref name="patientKey"/>.</summary>
    public RaisedSignal For(string patientKey) => this with
    {
        Event = Event is { } e ? e with { Subject = patientKey } : null,
        Batch = Batch is { } batch ? [.. batch.Select(b => b with { Subject = patientKey })] : null,
    };

    /// <summary>The envelope of an acknowledgement.</summary>
    public static RaisedSignal Of(Acknowledge ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return new RaisedSignal(null, ack);
    }

    /// <summary>The envelope of a merge request for the merged-away patient's instance.</summary>
    public static RaisedSignal Of(MergeRequest request, string? delivery)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RaisedSignal(null, null, delivery) { MergeInto = request };
    }

    /// <summary>The envelope of a merged-away patient's record for the surviving instance.</summary>
    public static RaisedSignal Of(CaseState handover, string? delivery)
    {
        ArgumentNullException.ThrowIfNull(handover);
        return new RaisedSignal(null, null, delivery) { Handover = handover };
    }

    /// <summary>How many payloads the envelope carries (event, ack, merge request, handover): exactly one when well formed.</summary>
    public int Payloads => (Event is null ? 0 : 1) + (Batch is null ? 0 : 1) + (Ack is null ? 0 : 1) + (MergeInto is null ? 0 : 1) + (Handover is null ? 0 : 1);

    /// <summary>The clinical signal this envelope carries; throws when it carries none or more than one.</summary>
    public Signal ToSignal() => (Event, Ack) switch
    {
        (null, null) when Batch is { } batch => new EventBatch(batch),
        _ when Batch is not null => throw new InvalidOperationException("the raised signal carries a batch and another payload"),
        ({ } e, null) => new EventSignal(e),
        (null, { } a) => a,
        (null, null) => throw new InvalidOperationException("the raised signal carries neither an event nor an ack"),
        _ => throw new InvalidOperationException("the raised signal carries both an event and an ack"),
    };
}
