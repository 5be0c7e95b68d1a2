namespace NorseAlerts.Hosting;

/// <summary>The <c>202</c> body of <c>POST /api/events</c>.</summary>
/// <param name="Accepted">Each accepted event with the case it joined (null while held for a patient with no case).</param>
/// <param name="Duplicates">Events already received earlier.</param>
public sealed record IngestReceipt(IReadOnlyList<AcceptedEvent> Accepted, IReadOnlyList<AcceptedEvent> Duplicates);

/// <summary>One event of an <see cref="IngestReceipt"/>.</summary>
/// <param name="Id">The event id.</param>
/// <param name="CaseId">The case, or null.</param>
public sealed record AcceptedEvent(string Id, string? CaseId);
