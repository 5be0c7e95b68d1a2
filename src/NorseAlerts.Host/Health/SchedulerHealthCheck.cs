using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Scheduling;

namespace NorseAlerts.Host.Health;

/// <summary>
/// Not ready while the watchdog finds a timer past due beyond its margin (a stall it is healing), or when the
/// watchdog itself has stopped looking. The details say when the scheduler last ran and how late the earliest
/// timer is.
/// </summary>
public sealed class SchedulerHealthCheck(RuntimeWatchdog watchdog, RuntimeOptions options, TimeProvider time) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (WatchdogHealth.Stale(watchdog, options, time) is { } stale)
        {
            return Task.FromResult(stale);
        }

        var live = watchdog.Current!;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["stalls"] = live.Stalls };
        if (live.SchedulerLastPassAt is { } pass)
        {
            data["lastPassAt"] = pass;
        }

        if (live.EarliestTimerDue is { } due)
        {
            data["earliestTimerDue"] = due;
        }

        if (live.OldestPastDueTimer is { } late)
        {
            data["oldestPastDueSeconds"] = Math.Round(late.TotalSeconds, 3);
        }

        return Task.FromResult(live.SchedulerStalled
            ? HealthCheckResult.Unhealthy($"stalled: the earliest timer is {live.OldestPastDueTimer?.TotalSeconds:F1} s past due (margin {live.Margin.TotalSeconds:F0} s); healing", data: data)
            : HealthCheckResult.Healthy("firing on time", data));
    }
}
