namespace NorseAlerts.Pathway.Cases;

/// <summary>One clinical deadline of a case as the API shows it.</summary>
/// <param name="Kind">e.g. <c>first-line-window</c>, <c>response-check</c>, <c>second-line-dose:rituximab</c>.</param>
/// <param name="DueAt">When it falls (or fell) due.</param>
/// <param name="Status">Whether it is pending, met, late, missed or cancelled.</param>
public sealed record Deadline(string Kind, DateTimeOffset DueAt, DeadlineStatus Status);
