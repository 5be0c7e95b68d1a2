using NorseAlerts.Hosting;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host;

/// <summary>The embedded runtime's own settings (store directory, watchdog) on top of the shared ones.</summary>
public static class RuntimeSettings
{
    /// <summary>Reads them; throws <see cref="InvalidOperationException"/> naming the key when one is invalid.</summary>
    public static RuntimeOptions Read(IConfiguration configuration, NorseAlertsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = new RuntimeOptions();
        return new RuntimeOptions
        {
            // Resolved once against the working directory, so the path printed at start is the one in use.
            DataDirectory = Path.GetFullPath(settings.DataDirectory),
            WatchdogInterval = NorseAlertsSettings.PositiveTimeSpan(configuration, "NorseAlerts:Watchdog:Interval", "00:00:05") ?? defaults.WatchdogInterval,
            Held = settings.Held,
            WatchdogMargin = NorseAlertsSettings.PositiveTimeSpan(configuration, "NorseAlerts:Watchdog:Margin", "00:00:05") ?? defaults.WatchdogMargin,
        };
    }
}
