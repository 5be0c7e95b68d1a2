using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging.Tests;

/// <summary>Pages as the pathway would produce them, with ids unique per test so shared queues do not mix tests.</summary>
internal static class SamplePages
{
    public static readonly DateTimeOffset RaisedAt = new(2025, 3, 4, 10, 15, 0, TimeSpan.Zero);

    public static string NewCaseId() => "case-" + Guid.NewGuid().ToString("N")[..20];

    public static Page Page(
        string? caseId = null,
        AlertKind? kind = null,
        int level = 1,
        int repeat = 0,
        string role = "neurology-oncall",
        int occurrence = 1)
    {
        caseId ??= NewCaseId();
        var alertKind = kind ?? AlertKind.FirstLineOverdue;
        var alertId = Ids.Alert(caseId, alertKind, "", occurrence);
        var alert = new Alert
        {
            AlertId = alertId,
            CaseId = caseId,
            Kind = alertKind,
            InstanceKey = "",
            Occurrence = occurrence,
            Severity = new Pathway.Protocols.ProtocolCatalog().Get(Pathway.Protocols.ProtocolCatalog.Seed).Alerts.SeverityOf(alertKind.Name),
            Level = level,
            Repeat = repeat,
            RecipientRole = role,
            State = AlertState.Triggered,
            RaisedAt = RaisedAt,
            DueAt = RaisedAt.AddMinutes(-5),
            Message = "First-line immunotherapy not started within the window",
            Recommendations = [new Recommendation("IV methylprednisolone", "1 g/day for 3-5 days", "seed")],
            LastPagedAt = RaisedAt.AddMinutes(15 * (level - 1 + repeat)),
        };
        return new Page(Pathway.Alerts.Page.IdFor(alertId, level, repeat), alert);
    }
}
