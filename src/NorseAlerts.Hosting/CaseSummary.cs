using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Hosting;

/// <summary>A row of <c>GET /api/cases</c>.</summary>
public sealed record CaseSummary(string CaseId, string Patient, string Status, string Stage, DateTimeOffset? OnsetAt, DateTimeOffset? NextDeadline)
{
    /// <summary>The row of <paramref name="state"/>, or null while the patient has no case (events held).</summary>
    public static CaseSummary? From(CaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.CaseId is null || state.Status == CaseStatus.Pending
            ? null
            : new CaseSummary(state.CaseId, state.PatientKey, state.Status == CaseStatus.Closed ? "closed" : "active", state.Stage.Name, state.OnsetAt, state.NextDeadline);
    }
}
