using System.Globalization;
using Microsoft.Extensions.Configuration;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Hosting;

/// <summary>
/// The <c>NorseAlerts:*</c> configuration both hosts share (DESIGN section 5), read and validated once at start
/// by one binder, so that a misconfigured process of either host refuses to start with a message that names the
/// key and says what to fix. Settings particular to one host (the embedded store's watchdog, MLLP) are read by
/// that host.
/// </summary>
public sealed record NorseAlertsSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NorseAlerts";

    /// <summary><c>NorseAlerts:DataDirectory</c>, default <c>./data</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The protocol new cases start with and the ack timeout override.</summary>
    public required PathwayOptions Pathway { get; init; }

    /// <summary>The built-in protocols plus the institution files of <c>NorseAlerts:ProtocolFiles</c>.</summary>
    public required ProtocolCatalog Protocols { get; init; }

    /// <summary>API keys by name.</summary>
    public required IReadOnlyDictionary<string, string?> ApiKeys { get; init; }

    /// <summary>Comma-separated roles by key name, for keys narrowed by <c>NorseAlerts:Roles:&lt;name&gt;</c>.</summary>
    public required IReadOnlyDictionary<string, string?> Roles { get; init; }

    /// <summary>Operational settings of the per-patient loop (<c>NorseAlerts:PatientLoop</c>).</summary>
    public required PatientLoopOptions PatientLoop { get; init; }

    /// <summary>The expiry rule of events held for a patient with no case (<c>NorseAlerts:Held:ExpireAfter</c>).</summary>
    public HeldEventRule Held { get; init; } = new();

    /// <summary><c>NorseAlerts:InstanceIdSecret</c>, or null (see <see cref="DeploymentSecret"/>).</summary>
    public string? InstanceIdSecret { get; init; }

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming the key when one is invalid.</summary>
    public static NorseAlertsSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var ackTimeout = PositiveTimeSpan(configuration, "NorseAlerts:Escalation:AckTimeout", "00:15:00 or 00:00:30");

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

        var loopDefaults = new PatientLoopOptions();
        var loop = new PatientLoopOptions
        {
            PublishAttempts = PositiveInt(configuration, $"{PatientLoopOptions.SectionName}:{nameof(PatientLoopOptions.PublishAttempts)}") ?? loopDefaults.PublishAttempts,
            PublishFirstRetry = PositiveTimeSpan(configuration, $"{PatientLoopOptions.SectionName}:{nameof(PatientLoopOptions.PublishFirstRetry)}", "00:00:02")
                ?? loopDefaults.PublishFirstRetry,
            PublishRetryDelay = PositiveTimeSpan(configuration, $"{PatientLoopOptions.SectionName}:{nameof(PatientLoopOptions.PublishRetryDelay)}", "00:01:00")
                ?? loopDefaults.PublishRetryDelay,
            StalledPageMargin = PositiveTimeSpan(configuration, $"{PatientLoopOptions.SectionName}:{nameof(PatientLoopOptions.StalledPageMargin)}", "00:02:00")
                ?? loopDefaults.StalledPageMargin,
        };

        return new NorseAlertsSettings
        {
            DataDirectory = section["DataDirectory"] is { Length: > 0 } d ? d : "./data",
            Pathway = new PathwayOptions { Protocol = protocol, AckTimeout = ackTimeout },
            Protocols = catalog,
            ApiKeys = keys,
            Roles = roles,
            PatientLoop = loop,
            Held = new HeldEventRule
            {
                ExpireAfter = PositiveTimeSpan(configuration, HeldEventRule.ExpireAfterKey, "30.00:00:00 for 30 days") ?? HeldEventRule.DefaultExpireAfter,
            },
            InstanceIdSecret = configuration[DeploymentSecret.Key] is { Length: > 0 } secret ? secret : null,
        };
    }

    /// <summary>
    /// The positive TimeSpan at <paramref name="key"/> (a full key such as <c>NorseAlerts:Watchdog:Interval</c>), or
    /// null when absent; throws <see cref="InvalidOperationException"/> naming the key for any other value.
    /// </summary>
    public static TimeSpan? PositiveTimeSpan(IConfiguration configuration, string key, string example)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[key] is not { Length: > 0 } raw)
        {
            return null;
        }

        return TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : throw new InvalidOperationException($"{key} '{raw}' is not a positive TimeSpan (e.g. {example}).");
    }

    private static int? PositiveInt(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { Length: > 0 } raw)
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new InvalidOperationException($"{key} '{raw}' is not a whole number of 1 or more.");
    }
}
