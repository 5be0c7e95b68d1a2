using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.Endpoints;

/// <summary><c>GET /api/alerts</c> and <c>POST /api/alerts/{alertId}/ack</c>.</summary>
public static class AlertEndpoints
{
    /// <summary>Maps the alert endpoints.</summary>
    public static void MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts");
        group.MapGet("/", (string? caseId, string? state, CaseQueries queries) =>
            state is null || AlertState.IsKnown(state)
                ? Results.Ok(queries.ListAlerts(caseId, state))
                : Problems.Invalid([new("state", "must be triggered, acknowledged or resolved")]))
            .RequireAuthorization(ApiRoles.Read)
            .WithSummary("List alerts by case and state");
        group.MapPost("/{alertId}/ack", Acknowledge)
            .RequireAuthorization(ApiRoles.Ack)
            .WithSummary("Acknowledge an alert: stops its escalation");
    }

    private static async Task<IResult> Acknowledge(string alertId, HttpRequest request, CaseEngine engine, CancellationToken ct)
    {
        if (await BodyReader.ReadAsync(request, ct) is not { } body)
        {
            return BodyReader.TooLarge();
        }

        var caller = "api-key:" + (request.HttpContext.User.Identity?.Name ?? "unknown");
        var (ack, errors) = AckRequest.Read(body, alertId, caller);
        if (ack is null)
        {
            return Problems.Invalid(errors);
        }

        var result = await engine.AcknowledgeAsync(ack.AlertId, ack.By, ack.Note, ct);
        return result.Found
            ? Results.Ok(result.Alert)
            : Problems.Status(StatusCodes.Status404NotFound, "No such alert", $"Alert {alertId} does not exist.");
    }
}
