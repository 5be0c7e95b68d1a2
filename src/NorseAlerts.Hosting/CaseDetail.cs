using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Rules;

namespace NorseAlerts.Hosting;

/// <summary>
/// The case as <c>GET /api/cases/{caseId}</c> shows it: stage, protocol, deadlines, the event timeline and the
/// alerts. Built from the state alone and shaped like the embedded host's answer, so both hosts render a case
/// the same way.
/// </summary>
public sealed record CaseDetail(
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
    IReadOnlyList<TimelineItem> Events,
    IReadOnlyList<AlertView> Alerts)
{
    /// <summary>The detail of <paramref name="state"/>, or null while the patient has no case (events held).</summary>
    public static CaseDetail? From(CaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.CaseId is null)
        {
            return null;
        }

        var standing = CaseFacts.Standing(state.Events);
        var timeline = state.Events.Select(e => TimelineItem.From(e, afterClosure: false) with { EnteredInError = !standing.Contains(e) })
            .Concat(state.LateEvents.Select(e => TimelineItem.From(e, afterClosure: true)))
            .OrderBy(e => e.Time).ThenBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new CaseDetail(
            state.CaseId,
            state.PatientKey,
            state.Status == CaseStatus.Closed ? "closed" : "active",
            state.Stage.Name,
            state.ProtocolName ?? "",
            state.ProtocolVersion ?? "",
            state.OnsetAt,
            state.NextDeadline,
            state.ClosedAt,
            state.ClosureReason,
            state.Deadlines,
            timeline,
            [.. state.Alerts.Select(AlertView.From)]);
    }
}
