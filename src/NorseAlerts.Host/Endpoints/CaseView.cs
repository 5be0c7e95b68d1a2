using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Host.Endpoints;

/// <summary>The body of <c>GET /api/cases/{caseId}</c>.</summary>
public sealed record CaseView(
    string CaseId,
    string Patient,
    string Status,
    string Stage,
    string Protocol,
    string ProtocolVersion,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? NextDeadline,
    DateTimeOffset? ClosedAt,
    string? ClosureReason,
    IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<TimelineEntry> Events,
    IReadOnlyList<AlertView> Alerts)
{
    /// <summary>The view of a stored case.</summary>
    public static CaseView From(CaseState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var timeline = s.Events.Select(e => TimelineEntry.From(e, afterClosure: false))
            .Concat(s.LateEvents.Select(e => TimelineEntry.From(e, afterClosure: true)))
            .OrderBy(e => e.Time).ThenBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new CaseView(
            s.CaseId!, s.PatientKey, s.Status == CaseStatus.Closed ? "closed" : "active", s.Stage, s.ProtocolName ?? "", s.ProtocolVersion ?? "",
            s.OnsetAt, s.NextDeadline, s.ClosedAt, s.ClosureReason, s.Deadlines, timeline, [.. s.Alerts.Select(AlertView.From)]);
    }
}

/// <summary>One event on a case's timeline, in clinical-time order.</summary>
public sealed record TimelineEntry(
    string Id, string Source, string Type, DateTimeOffset Time, string? Agent, string? Outcome, string? Reason,
    double? WeightKg, double? HeightCm, string? Detail, bool AfterClosure)
{
    /// <summary>The entry for an event.</summary>
    public static TimelineEntry From(ClinicalEvent e, bool afterClosure)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new TimelineEntry(e.Id, e.Source, e.Type, e.Time, e.Agent, e.Outcome, e.Reason, e.WeightKg, e.HeightCm, e.Detail, afterClosure);
    }
}
