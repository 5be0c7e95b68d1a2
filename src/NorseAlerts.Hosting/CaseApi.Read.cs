using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Hosting;

/// <summary><c>GET /api/cases</c>, <c>GET /api/cases/{caseId}</c> and <c>GET /api/alerts</c>.</summary>
public sealed partial class CaseApi
{
    /// <summary>Cases, optionally only <c>active</c> or <c>closed</c> ones; <c>400</c> for another status.</summary>
    public async Task<ApiReply> ListCasesAsync(string? status, CancellationToken cancellationToken)
    {
        status = Present(status);
        return status is null or "active" or "closed"
            ? ApiReply.Json(200, await cases.ListCasesAsync(status, cancellationToken).ConfigureAwait(false))
            : ApiReply.Of(Problem.Invalid([new("status", "must be 'active' or 'closed'")]));
    }

    /// <summary>One case: stage, protocol, deadlines, timeline and alerts; <c>404</c> for an unknown case.</summary>
    public async Task<ApiReply> GetCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        return await cases.GetCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is { } detail
            ? ApiReply.Json(200, detail)
            : NotFound("case", caseId);
    }

    /// <summary>Alerts by case and state; <c>400</c> for an unknown state.</summary>
    public async Task<ApiReply> ListAlertsAsync(string? caseId, string? state, CancellationToken cancellationToken)
    {
        state = Present(state);
        return state is null || AlertState.IsKnown(state)
            ? ApiReply.Json(200, await cases.ListAlertsAsync(Present(caseId), state, cancellationToken).ConfigureAwait(false))
            : ApiReply.Of(Problem.Invalid([new("state", "must be triggered, acknowledged or resolved")]));
    }
}
