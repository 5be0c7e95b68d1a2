using System.Globalization;
using System.Net;

namespace NorseAlerts.Host.Mllp;

/// <summary>
/// <c>NorseAlerts:Mllp:*</c>: where the MLLP listener listens (absent port = no listener), how long an idle
/// connection stays open, and how many connections are served at once.
/// </summary>
public sealed record MllpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NorseAlerts:Mllp";

    /// <summary>The TCP port; null = no listener; 0 = any free port (tests).</summary>
    public int? Port { get; init; }

    /// <summary>The address to bind; default loopback, so exposing the port is a deliberate choice.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>A connection that sends nothing for this long is closed (engines reconnect).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Connections served at once; more wait to be accepted.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>The largest message accepted, as over HTTP.</summary>
    public int MaxMessageBytes { get; init; } = NorseAlerts.Hosting.CaseApi.BodyLimit;

    /// <summary>Reads the options; throws <see cref="InvalidOperationException"/> naming the bad key.</summary>
    public static MllpOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var options = new MllpOptions();
        if (section["Port"] is { Length: > 0 } port)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > IPEndPoint.MaxPort)
            {
                throw new InvalidOperationException($"{Section}:Port '{port}' is not a TCP port (0-65535); leave it unset for no MLLP listener.");
            }

            options = options with { Port = p };
        }

        if (section["Address"] is { Length: > 0 } address)
        {
            if (!IPAddress.TryParse(address, out var a))
            {
                throw new InvalidOperationException($"{Section}:Address '{address}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0 for every interface).");
            }

            options = options with { Address = a };
        }

        if (section["IdleTimeout"] is { Length: > 0 } idle)
        {
            if (!TimeSpan.TryParse(idle, CultureInfo.InvariantCulture, out var t) || t <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{Section}:IdleTimeout '{idle}' is not a positive TimeSpan (e.g. 00:05:00).");
            }

            options = options with { IdleTimeout = t };
        }

        if (section["MaxConnections"] is { Length: > 0 } max)
        {
            if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m < 1)
            {
                throw new InvalidOperationException($"{Section}:MaxConnections '{max}' is not a positive whole number.");
            }

            options = options with { MaxConnections = m };
        }

        return options;
    }
}
