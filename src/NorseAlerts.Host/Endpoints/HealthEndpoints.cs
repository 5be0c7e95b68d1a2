using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Host.Health;

namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (ASP.NET Core health checks: the store takes a
/// write, the scheduler fires on time, the outbox delivers, a configured broker is reachable; 503 otherwise).
/// </summary>
public static class HealthEndpoints
{
    private const string Readiness = "ready";

    /// <summary>Registers the readiness checks and the handler that turns a refused write into a 503.</summary>
    public static IServiceCollection AddReadiness(this IServiceCollection services)
    {
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Readiness])
            .AddTypeActivatedCheck<WatchdogHealthCheck>("scheduler", failureStatus: null, tags: [Readiness], args: WatchdogFacet.Scheduler)
            .AddTypeActivatedCheck<WatchdogHealthCheck>("outbox", failureStatus: null, tags: [Readiness], args: WatchdogFacet.Outbox)
            .AddCheck<BrokerHealthCheck>("broker", tags: [Readiness]);
        return services;
    }

    /// <summary>Maps the health endpoints (anonymous: load balancers have no key).</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "healthy" })).WithTags("Health").AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Readiness),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteReadiness,
        }).WithTags("Health").AllowAnonymous();
    }

    private static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status == HealthStatus.Healthy ? "ready" : "not-ready",
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status == HealthStatus.Healthy ? "ready" : "not-ready",
                    description = e.Value.Description,
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                },
                StringComparer.Ordinal),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
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
