namespace NorseAlerts.Ingest;

/// <summary>
/// What the ACK needs from the original MSH. Application and facility fields are kept re-encoded with the
/// standard delimiters (<c>MIRTH^1.2.3^ISO</c>), ready to be written into the ACK.
/// </summary>
/// <param name="SendingApplication">MSH-3.</param>
/// <param name="SendingFacility">MSH-4.</param>
/// <param name="ReceivingApplication">MSH-5.</param>
/// <param name="ReceivingFacility">MSH-6.</param>
/// <param name="MessageCode">MSH-9.1, e.g. <c>ADT</c>.</param>
/// <param name="TriggerEvent">MSH-9.2, e.g. <c>A03</c>.</param>
/// <param name="ControlId">MSH-10, echoed in MSA-2.</param>
/// <param name="ProcessingId">MSH-11, e.g. <c>P</c>.</param>
/// <param name="Version">MSH-12, e.g. <c>2.5.1</c>.</param>
public sealed record Hl7MessageHeader(
    string SendingApplication,
    string SendingFacility,
    string ReceivingApplication,
    string ReceivingFacility,
    string MessageCode,
    string TriggerEvent,
    string ControlId,
    string ProcessingId,
    string Version);
