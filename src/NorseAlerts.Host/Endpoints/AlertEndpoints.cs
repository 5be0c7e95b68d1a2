using NorseAlerts.Host.Security;
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
        AckRequest? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await request.ReadFromJsonAsync<AckRequest>(ct);
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Problems.Invalid([new("body", "must be JSON {\"by\": \"...\", \"note\": \"...\"}: " + ex.Message)]);
            }
            catch (InvalidOperationException)
            {
                return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json.");
            }
        }

        if (body?.By is { Length: > 200 } || body?.Note is { Length: > 4000 })
        {
            return Problems.Invalid([new(body.By?.Length > 200 ? "by" : "note", "is too long")]);
        }

        var by = string.IsNullOrWhiteSpace(body?.By) ? "api-key:" + (request.HttpContext.User.Identity?.Name ?? "unknown") : body!.By!;
        var result = await engine.AcknowledgeAsync(alertId, by, body?.Note, ct);
        return result.Found
            ? Results.Ok(result.Alert)
            : Problems.Status(StatusCodes.Status404NotFound, "No such alert", $"Alert {alertId} does not exist.");
    }

    private sealed record AckRequest(string? By, string? Note);
}
