using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Hosting;

/// <summary>
/// The case as <c>GET /api/cases/{caseId}</c> shows it: stage, protocol, deadlines, the event timeline and the
/// alerts. Built from the state alone, so the Azure read model and the embedded host render the same shape.
/// </summary>
public sealed record CaseDetail(
    string CaseId,
    string Patient,
    string Status,
    string Stage,
    string? Protocol,
    string? ProtocolVersion,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? NextDeadline,
    DateTimeOffset? ClosedAt,
    string? ClosureReason,
    IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<ClinicalEvent> Events,
    IReadOnlyList<AlertView> Alerts,
    long Revision)
{
    /// <summary>The detail of <paramref name="state"/>, or null while the patient has no case (events held).</summary>
    public static CaseDetail? From(CaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.CaseId is null)
        {
            return null;
        }

        var timeline = state.Events.Concat(state.LateEvents).Order(ClinicalEvent.ClinicalOrder).ToList();
        return new CaseDetail(
            state.CaseId,
            state.PatientKey,
            state.Status.ToString().ToLowerInvariant(),
            state.Stage,
            state.ProtocolName,
            state.ProtocolVersion,
            state.OnsetAt,
            state.NextDeadline,
            state.ClosedAt,
            state.ClosureReason,
            state.Deadlines,
            timeline,
            [.. state.Alerts.Select(AlertView.From)],
            state.Revision);
    }
}
