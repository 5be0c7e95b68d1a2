using Microsoft.Extensions.Diagnostics.HealthChecks;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Scheduling;

namespace NorseAlerts.Host.Health;

/// <summary>What the scheduler and outbox checks say when the watchdog has not looked recently.</summary>
internal static class WatchdogHealth
{
    /// <summary>An unhealthy result when the watchdog's last check is missing or older than ten intervals; null otherwise.</summary>
    public static HealthCheckResult? Stale(RuntimeWatchdog watchdog, RuntimeOptions options, TimeProvider time)
    {
        if (watchdog.Current is not { } live)
        {
            return HealthCheckResult.Unhealthy("the watchdog has not checked yet");
        }

        var age = time.GetUtcNow() - live.CheckedAt;
        var limit = options.WatchdogInterval * 10 > TimeSpan.FromSeconds(10) ? options.WatchdogInterval * 10 : TimeSpan.FromSeconds(10);
        return age > limit ? HealthCheckResult.Unhealthy($"the watchdog last checked {age.TotalSeconds:F0} s ago") : null;
    }
}
