namespace NorseAlerts.Runtime;

/// <summary>A row of <c>GET /api/cases</c>.</summary>
public sealed record CaseSummary(string CaseId, string Patient, string Status, string Stage, DateTimeOffset? OnsetAt, DateTimeOffset? NextDeadline);
