namespace NorseAlerts.Runtime;

/// <summary>What <c>POST /api/events</c> answers: per event, the case it joined (null while held).</summary>
public sealed record IngestReceipt(IReadOnlyList<EventReceipt> Accepted, IReadOnlyList<EventReceipt> Duplicates);

/// <summary>One event's id and the case it belongs to (null for an event held for a patient with no case yet).</summary>
public sealed record EventReceipt(string Id, string? CaseId);
