using System.Globalization;
using Microsoft.Extensions.Configuration;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Maintenance;

namespace NorseAlerts.Admin;

/// <summary>
/// The part of the host's <c>NorseAlerts:*</c> configuration the operator commands need, read the way the host reads
/// it (appsettings.json in the working directory, <c>NorseAlerts__*</c> environment variables, <c>--NorseAlerts:Key=value</c>),
/// so a command run beside the host sees the same data directory, protocols and ack timeout.
/// </summary>
public sealed record AdminSettings
{
    /// <summary>The store's data directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The pathway settings (default protocol, ack timeout).</summary>
    public required PathwayOptions Pathway { get; init; }

    /// <summary>Built-in and institution protocols.</summary>
    public required ProtocolCatalog Protocols { get; init; }

    /// <summary><c>NorseAlerts:Retention:ClosedCases</c>, or null when no rule is configured.</summary>
    public TimeSpan? RetainClosedCasesFor { get; init; }

    /// <summary>The SQLite file.</summary>
    public string DatabasePath => new RuntimeOptions { DataDirectory = DataDirectory }.DatabasePath;

    /// <summary>Reads and validates the settings; throws <see cref="ArgumentException"/> saying what to fix.</summary>
    public static AdminSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("NorseAlerts");
        var files = section.GetSection("ProtocolFiles").GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0);
        var catalog = new ProtocolCatalog(files.Select(ProtocolCatalog.LoadFile));
        var protocol = section["Protocol"] is { Length: > 0 } p ? p : ProtocolCatalog.Seed;
        if (!catalog.Contains(protocol))
        {
            throw new ArgumentException($"NorseAlerts:Protocol '{protocol}' is not a known protocol.");
        }

        return new AdminSettings
        {
            DataDirectory = section["DataDirectory"] is { Length: > 0 } d ? d : "./data",
            Pathway = new PathwayOptions { Protocol = protocol, AckTimeout = Duration(section["Escalation:AckTimeout"], "NorseAlerts:Escalation:AckTimeout") },
            Protocols = catalog,
            RetainClosedCasesFor = Duration(configuration[ClosedCaseRetention.SettingKey], ClosedCaseRetention.SettingKey),
        };
    }

    private static TimeSpan? Duration(string? raw, string key)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new ArgumentException($"{key} '{raw}' is not a positive TimeSpan (e.g. 365.00:00:00 for a year).");
    }
}
