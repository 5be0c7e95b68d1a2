using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host;

/// <summary>
/// The <c>NorseAlerts:*</c> configuration of DESIGN section 5, read and validated once at start so that a
/// misconfigured process refuses to start with a message that says what to fix.
/// </summary>
public sealed record NorseAlertsSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NorseAlerts";

    public required RuntimeOptions Runtime { get; init; }
    public required PathwayOptions Pathway { get; init; }
    public required ProtocolCatalog Protocols { get; init; }

    /// <summary>API keys by name.</summary>
    public required IReadOnlyDictionary<string, string?> ApiKeys { get; init; }

    /// <summary>Comma-separated roles by key name, for keys narrowed by <c>NorseAlerts:Roles:&lt;name&gt;</c>.</summary>
    public required IReadOnlyDictionary<string, string?> Roles { get; init; }

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> with a clear message when invalid.</summary>
    public static NorseAlertsSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);

        TimeSpan? ackTimeout = null;
        if (section["Escalation:AckTimeout"] is { Length: > 0 } raw)
        {
            if (!TimeSpan.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"NorseAlerts:Escalation:AckTimeout '{raw}' is not a positive TimeSpan (e.g. 00:15:00 or 00:00:30).");
            }

            ackTimeout = parsed;
        }

        var files = section.GetSection("ProtocolFiles").GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        var catalog = new ProtocolCatalog(files.Select(f => ProtocolCatalog.LoadFile(f!)));
        var protocol = section["Protocol"] is { Length: > 0 } p ? p : ProtocolCatalog.Seed;
        if (!catalog.Contains(protocol))
        {
            throw new InvalidOperationException(
                $"NorseAlerts:Protocol '{protocol}' is not a known protocol. Known: {string.Join(", ", catalog.Latest.Select(x => x.Name))}. Institution files go in NorseAlerts:ProtocolFiles:0, :1, ...");
        }

        var keys = section.GetSection("ApiKeys").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var roles = section.GetSection("Roles").GetChildren().ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

        return new NorseAlertsSettings
        {
            Runtime = new RuntimeOptions
            {
                DataDirectory = section["DataDirectory"] is { Length: > 0 } d ? d : "./data",
                WatchdogInterval = PositiveTimeSpan(section, "Watchdog:Interval") ?? new RuntimeOptions().WatchdogInterval,
                WatchdogMargin = PositiveTimeSpan(section, "Watchdog:Margin") ?? new RuntimeOptions().WatchdogMargin,
            },
            Pathway = new PathwayOptions { Protocol = protocol, AckTimeout = ackTimeout },
            Protocols = catalog,
            ApiKeys = keys,
            Roles = roles,
        };
    }

    private static TimeSpan? PositiveTimeSpan(IConfigurationSection section, string key)
    {
        if (section[key] is not { Length: > 0 } raw)
        {
            return null;
        }

        return TimeSpan.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : throw new InvalidOperationException($"NorseAlerts:{key} '{raw}' is not a positive TimeSpan (e.g. 00:00:05).");
    }
}
