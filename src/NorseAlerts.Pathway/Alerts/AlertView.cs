namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// An alert as the outside world sees it: the API (<c>GET /api/alerts</c>) and the <c>data</c> of the
/// Service Bus page carry exactly this shape, so a paging gateway and a dashboard read the same fields.
/// </summary>
public sealed record AlertView(
    string AlertId,
    string CaseId,
    AlertKind Kind,
    string Severity,
    int Level,
    int Repeat,
    string RecipientRole,
    AlertState State,
    DateTimeOffset RaisedAt,
    DateTimeOffset? DueAt,
    string Message,
    IReadOnlyList<Recommendation> Recommendations,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AckNote,
    DateTimeOffset? ResolvedAt,
    string? Resolution)
{
    /// <summary>The view of <paramref name="alert"/>.</summary>
    public static AlertView From(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new AlertView(
            alert.AlertId, alert.CaseId, alert.Kind, alert.Severity, alert.Level, alert.Repeat, alert.RecipientRole,
            alert.State, alert.RaisedAt, alert.DueAt, alert.Message, alert.Recommendations,
            alert.AcknowledgedAt, alert.AcknowledgedBy, alert.AckNote, alert.ResolvedAt, alert.Resolution);
    }
}
