using NorseAlerts.Hosting;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.Endpoints;

/// <summary><c>GET /api/cases</c>, <c>GET /api/cases/{caseId}</c> and its audit trail.</summary>
public static class CaseEndpoints
{
    /// <summary>Maps the case endpoints.</summary>
    public static void MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases").RequireAuthorization(ApiRoles.Read).WithTags("Cases");
        group.MapGet("/", (string? status, CaseQueries queries) =>
            status is null or "active" or "closed"
                ? Results.Ok(queries.ListCases(status))
                : Problems.Invalid([new("status", "must be 'active' or 'closed'")]))
            .WithSummary("List cases");
        group.MapGet("/{caseId}", (string caseId, CaseQueries queries) =>
            queries.GetCase(caseId) is { } state && CaseDetail.From(state) is { } detail
                ? Results.Ok(detail)
                : Problems.Status(StatusCodes.Status404NotFound, "No such case", $"Case {caseId} does not exist."))
            .WithSummary("One case: stage, protocol, deadlines, timeline and alerts");
        group.MapGet("/{caseId}/audit", (string caseId, CaseQueries queries) =>
            queries.GetCase(caseId) is null
                ? Problems.Status(StatusCodes.Status404NotFound, "No such case", $"Case {caseId} does not exist.")
                : Results.Ok(queries.Audit(caseId)))
            .WithSummary("The audit trail of a case: every state change");
    }
}
