using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// What <see cref="Hl7v2Reader"/> made of one message. All or nothing: with any error, <see cref="Events"/> is empty
/// and <see cref="AckCode"/> is AE or AR.
/// </summary>
/// <param name="Events">The canonical events (empty for an acknowledged message with nothing to do).</param>
/// <param name="Errors">Every bad field, named HL7-style: <c>PID-3</c>, <c>RXA-3</c>, <c>RXA[2]-5</c>.</param>
/// <param name="AckCode">AA, AE or AR (<see cref="Hl7AckCodes"/>).</param>
/// <param name="Header">The original MSH as far as it could be read (null when there was no usable MSH).</param>
public sealed record Hl7v2Result(
    IReadOnlyList<ClinicalEvent> Events,
    IReadOnlyList<FieldError> Errors,
    string AckCode,
    Hl7MessageHeader? Header)
{
    /// <summary>HL7 table 0357 error code per entry of <see cref="Errors"/> (ERR-3), when the reader knew one.</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];

    /// <summary>Diagnoses the message carried that open no case (DG1-3 codes in no onset table), for the site to review.</summary>
    public IReadOnlyList<Coding> UnmappedDiagnoses { get; init; } = [];

    /// <summary>True when the message was accepted (AA).</summary>
    public bool IsAccepted => AckCode == Hl7AckCodes.Accept;

    /// <summary>The ER7 ACK for this result; see <see cref="Hl7Ack.Build(Hl7v2Result, DateTimeOffset, string?, int)"/>.</summary>
    public string Ack(DateTimeOffset now) => Hl7Ack.Build(this, now);

    /// <summary>The ACK once the events were committed; <paramref name="duplicates"/> of them were already stored.</summary>
    public string Ack(DateTimeOffset now, int duplicates) => Hl7Ack.Build(this, now, duplicates: duplicates);
}
