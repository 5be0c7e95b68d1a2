using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Scheduling;

namespace NorseAlerts.Host.Health;

/// <summary>
/// Not ready while a committed page is owed (past its attempt time, unseen by the dispatcher) beyond the
/// watchdog's margin. A broker outage is the broker check's to report: pages waiting for their retry are not owed.
/// </summary>
public sealed class OutboxHealthCheck(RuntimeWatchdog watchdog, RuntimeOptions options, TimeProvider time) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (WatchdogHealth.Stale(watchdog, options, time) is { } stale)
        {
            return Task.FromResult(stale);
        }

        var live = watchdog.Current!;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["unsentPages"] = live.UnsentPages };
        if (live.DispatcherLastPassAt is { } pass)
        {
            data["lastPassAt"] = pass;
        }

        if (live.OldestUnsentPageAt is { } oldest)
        {
            data["oldestUnsentPageAt"] = oldest;
        }

        return Task.FromResult(live.OutboxStalled
            ? HealthCheckResult.Unhealthy($"stalled: a page is owed {live.OldestOwedPage?.TotalSeconds:F1} s past its attempt time (margin {live.Margin.TotalSeconds:F0} s); healing", data: data)
            : HealthCheckResult.Healthy(live.UnsentPages == 0 ? "nothing owed" : $"{live.UnsentPages} page(s) on their way", data));
    }
}
