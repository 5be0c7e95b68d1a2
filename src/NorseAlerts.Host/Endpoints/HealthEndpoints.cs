using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Host.Health;
using NorseAlerts.Hosting;

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
        app.MapGet("/healthz", () => Liveness.Reply.ToResult()).WithTags("Health").AllowAnonymous();
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
        // The shape both hosts answer; the status code was set from ResultStatusCodes.
        var readiness = ReadinessReport.Of(report.Entries.ToDictionary(
            e => e.Key,
            e => e.Value.Status == HealthStatus.Healthy
                ? ReadinessCheck.Passing(e.Value.Description, e.Value.Data)
                : ReadinessCheck.Failing(e.Value.Description, e.Value.Data),
            StringComparer.Ordinal));
        return ApiReplies.WriteAsync(context, readiness.ToReply() with { Status = context.Response.StatusCode });
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
