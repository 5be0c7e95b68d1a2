namespace NorseAlerts.Pathway.Alerts;

/// <summary>One recommendation in an alert: what to consider, the dose when known, and its source.</summary>
/// <param name="Title">e.g. "IV methylprednisolone".</param>
/// <param name="Detail">Regimen, and the computed dose with its inputs and formula when measurements allow.</param>
/// <param name="Source">The citation.</param>
public sealed record Recommendation(string Title, string Detail, string Source);
