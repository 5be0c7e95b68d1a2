using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Host.Endpoints;

namespace NorseAlerts.Host.Health;

/// <summary>The configured broker links (none without a broker): ready when every link is usable.</summary>
public sealed class BrokerHealthCheck(IEnumerable<IReadinessProbe> probes) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var list = probes.ToList();
        if (list.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no broker configured: alerts stay in the store and the API"));
        }

        var data = list.ToDictionary(p => p.Name, p => (object)p.Describe(), StringComparer.Ordinal);
        var down = list.Where(p => !p.IsReady).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy(string.Join("; ", list.Select(p => $"{p.Name}: {p.Describe()}")), data)
            : HealthCheckResult.Unhealthy(string.Join("; ", down.Select(p => $"{p.Name}: {p.Describe()}")), data: data));
    }
}
