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
        group.MapGet("/", async (string? status, CaseApi api, CancellationToken ct) => (await api.ListCasesAsync(status, ct)).ToResult())
            .WithSummary("List cases");
        group.MapGet("/{caseId}", async (string caseId, CaseApi api, CancellationToken ct) => (await api.GetCaseAsync(caseId, ct)).ToResult())
            .WithSummary("One case: stage, protocol, deadlines, timeline and alerts");
        group.MapGet("/{caseId}/audit", (string caseId, CaseQueries queries) =>
            queries.GetCase(caseId) is null
                ? ApiReply.Of(Problem.Of(StatusCodes.Status404NotFound, "No such case", $"Case {caseId} does not exist.")).ToResult()
                : Results.Ok(queries.Audit(caseId)))
            .WithSummary("The audit trail of a case: every state change");
    }
}
