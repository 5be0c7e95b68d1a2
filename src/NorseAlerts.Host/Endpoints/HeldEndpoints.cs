using NorseAlerts.Hosting;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.Endpoints;

/// <summary><c>GET /api/held</c>: events waiting for a patient with no case, with their age.</summary>
public static class HeldEndpoints
{
    /// <summary>Maps the held-events endpoint.</summary>
    public static void MapHeldEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/held", (HeldEventQueries queries, TimeProvider time) => Results.Ok(queries.List(time.GetUtcNow())))
            .RequireAuthorization(ApiRoles.Read)
            .WithTags("Cases")
            .WithSummary("Events held for patients with no case yet, longest waiting first");
    }
}
