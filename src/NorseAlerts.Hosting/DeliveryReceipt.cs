using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// What a per-patient loop did with one delivered signal, kept (the most recent few) in the run so that the
/// host that raised the signal can answer its caller with what actually happened: the case the event joined
/// and whether it was a duplicate. Holds no PHI: the delivery id is a random token chosen by the host.
/// </summary>
/// <param name="Delivery">The token the host put on the raised signal.</param>
/// <param name="CaseId">The case after the signal (null while the patient's events are held).</param>
/// <param name="Duplicate">Whether the event (every event of a batch) had been received before and changed nothing.</param>
public sealed record DeliveryReceipt(string Delivery, string? CaseId, bool Duplicate)
{
    /// <summary>The keys (<see cref="ClinicalEvent.Key"/>) of a batch's events received before.</summary>
    public IReadOnlyList<string> DuplicateEvents { get; init; } = [];

    /// <summary>Whether <paramref name="clinicalEvent"/>, delivered with this receipt's signal, had been received before.</summary>
    public bool IsDuplicate(ClinicalEvent clinicalEvent)
    {
        ArgumentNullException.ThrowIfNull(clinicalEvent);
        return Duplicate || DuplicateEvents.Contains(clinicalEvent.Key);
    }

    /// <summary>
    /// The instance the signal was passed on to, when this patient had been merged away: the host waits for the
    /// receipt there instead.
    /// </summary>
    public string? ForwardedTo { get; init; }
}
