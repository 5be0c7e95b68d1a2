using NorseAlerts.Hosting;

namespace NorseAlerts.Host.Endpoints;

/// <summary><c>GET /api/alerts</c> and <c>POST /api/alerts/{alertId}/ack</c>.</summary>
public static class AlertEndpoints
{
    /// <summary>Maps the alert endpoints.</summary>
    public static void MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts");
        group.MapGet("/", async (string? caseId, string? state, CaseApi api, CancellationToken ct) => (await api.ListAlertsAsync(caseId, state, ct)).ToResult())
            .RequireAuthorization(ApiRoles.Read)
            .WithSummary("List alerts by case and state");
        group.MapPost("/{alertId}/ack", (string alertId, HttpRequest request, CaseApi api, CancellationToken ct) =>
                ApiReplies.AnswerAsync(() => api.AcknowledgeAsync(alertId, request.ToApiRequest(), ct)))
            .RequireAuthorization(ApiRoles.Ack)
            .WithSummary("Acknowledge an alert: stops its escalation");
    }
}
