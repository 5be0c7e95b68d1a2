using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Host.Endpoints;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (store and broker reachable).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps the health endpoints (anonymous: load balancers have no key).</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "healthy" })).WithTags("Health").AllowAnonymous();
        app.MapGet("/readyz", (Database database, IEnumerable<IReadinessProbe> probes) =>
        {
            var checks = new Dictionary<string, string> { ["store"] = database.IsReachable() ? "ready" : "unreachable" };
            foreach (var probe in probes)
            {
                checks[probe.Name] = probe.Describe();
            }

            var ready = checks["store"] == "ready" && probes.All(p => p.IsReady);
            return Results.Json(new { status = ready ? "ready" : "not-ready", checks }, statusCode: ready ? 200 : 503);
        }).WithTags("Health").AllowAnonymous();
    }
}

/// <summary>Something <c>/readyz</c> checks besides the store (the broker link).</summary>
public interface IReadinessProbe
{
    /// <summary>Name in the readiness answer.</summary>
    string Name { get; }

    /// <summary>Whether it is usable now.</summary>
    bool IsReady { get; }

    /// <summary>A short state, e.g. <c>connected</c>, <c>reconnecting: ...</c>.</summary>
    string Describe();
}
