using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// The <c>202</c> body of <c>POST /api/fhir</c>: the ingest receipt plus the parts of the body that were read and
/// deliberately not applied (unrelated Bundle entries), so the sender sees what NorseAlerts skipped.
/// </summary>
/// <param name="Accepted">Each accepted event with the case it joined (null while held).</param>
/// <param name="Duplicates">Events already received earlier.</param>
/// <param name="Ignored">Each part not applied, with why.</param>
public sealed record FhirReceipt(IReadOnlyList<AcceptedEvent> Accepted, IReadOnlyList<AcceptedEvent> Duplicates, IReadOnlyList<IgnoredPart> Ignored)
{
    /// <summary>The receipt of <paramref name="receipt"/> with the <paramref name="ignored"/> parts of the body.</summary>
    public static FhirReceipt Of(IngestReceipt receipt, IEnumerable<FieldError> ignored)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(ignored);
        return new FhirReceipt(receipt.Accepted, receipt.Duplicates, [.. ignored.Select(i => new IgnoredPart(i.Field, i.Message))]);
    }
}

/// <summary>A part of a FHIR body read and not applied.</summary>
/// <param name="Field">Where it is, e.g. <c>Bundle.entry[1]</c>.</param>
/// <param name="Reason">Why it was not applied.</param>
public sealed record IgnoredPart(string Field, string Reason);
