namespace NorseAlerts.Pathway.Alerts;

/// <summary>One recommendation in an alert: what to consider, the dose when known, and its source.</summary>
/// <param name="Title">e.g. "IV methylprednisolone".</param>
/// <param name="Detail">Regimen, and the computed dose with its inputs and formula when measurements allow: clinical text only.</param>
/// <param name="Source">The citation.</param>
/// <param name="Note">
/// How the source was read, for a clinician who opens the source (e.g. a misprint in the source and how it is
/// corrected, or what the source leaves to local practice); null when there is nothing to add.
/// </param>
public sealed record Recommendation(string Title, string Detail, string Source, string? Note = null);
