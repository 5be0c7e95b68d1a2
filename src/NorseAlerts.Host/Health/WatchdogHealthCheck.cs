using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Scheduling;

namespace NorseAlerts.Host.Health;

/// <summary>
/// One facet of the watchdog's last findings. Not ready while the watchdog has stopped looking, or while it finds
/// its loop stalled (a timer past due, or a committed page owed past its attempt time, beyond the margin) and is
/// healing it. A broker outage is the broker check's to report: pages waiting for their retry are not owed. The
/// details say when the loop last ran and what it has in hand.
/// </summary>
public sealed class WatchdogHealthCheck(RuntimeWatchdog watchdog, RuntimeOptions options, TimeProvider time, WatchdogFacet facet) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (watchdog.Current is not { } live)
        {
            return HealthCheckResult.Unhealthy("the watchdog has not checked yet");
        }

        var age = time.GetUtcNow() - live.CheckedAt;
        var limit = options.WatchdogInterval * 10 > TimeSpan.FromSeconds(10) ? options.WatchdogInterval * 10 : TimeSpan.FromSeconds(10);
        if (age > limit)
        {
            return HealthCheckResult.Unhealthy($"the watchdog last checked {age.TotalSeconds:F0} s ago");
        }

        var (stalled, description, data) = facet == WatchdogFacet.Scheduler ? Scheduler(live) : Outbox(live);
        return stalled ? HealthCheckResult.Unhealthy(description, data: data) : HealthCheckResult.Healthy(description, data);
    }

    private static (bool Stalled, string Description, Dictionary<string, object> Data) Scheduler(RuntimeLiveness live)
    {
        var data = Details(("stalls", live.Stalls), ("lastPassAt", live.SchedulerLastPassAt), ("earliestTimerDue", live.EarliestTimerDue), ("oldestPastDueSeconds", live.OldestPastDueTimer is { } late ? Math.Round(late.TotalSeconds, 3) : null));
        return live.SchedulerStalled
            ? (true, $"stalled: the earliest timer is {live.OldestPastDueTimer?.TotalSeconds:F1} s past due (margin {live.Margin.TotalSeconds:F0} s); healing", data)
            : (false, "firing on time", data);
    }

    private static (bool Stalled, string Description, Dictionary<string, object> Data) Outbox(RuntimeLiveness live)
    {
        var data = Details(("unsentPages", live.UnsentPages), ("lastPassAt", live.DispatcherLastPassAt), ("oldestUnsentPageAt", live.OldestUnsentPageAt));
        return live.OutboxStalled
            ? (true, $"stalled: a page is owed {live.OldestOwedPage?.TotalSeconds:F1} s past its attempt time (margin {live.Margin.TotalSeconds:F0} s); healing", data)
            : (false, live.UnsentPages == 0 ? "nothing owed" : $"{live.UnsentPages} page(s) on their way", data);
    }

    /// <summary>The details shown under the check in <c>/readyz</c>; a value not known (null) is left out.</summary>
    private static Dictionary<string, object> Details(params (string Name, object? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);
}
