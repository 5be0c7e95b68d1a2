using System.Globalization;

namespace NorseAlerts.Messaging;

/// <summary>
/// A parsed <c>NorseAlerts:Amqp:ConnectionString</c> for a plain AMQP 1.0 broker (AMQPNetLite):
/// <c>amqp://user:pass@host:port</c> or <c>amqps://...</c>; no user means SASL ANONYMOUS. Service Bus strings
/// (<c>Endpoint=sb://...</c>) are <see cref="ServiceBusConnectionString"/>. Secrets never appear in
/// <see cref="ToString"/> or in parse errors.
/// </summary>
public sealed record AmqpConnectionString
{
    private const string Setting = "NorseAlerts:Amqp:ConnectionString";

    /// <summary>Host name or address of the broker.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>Whether the connection uses TLS (<c>amqps</c>).</summary>
    public required bool UseTls { get; init; }

    /// <summary>How the connection authenticates.</summary>
    public required AmqpAuthentication Authentication { get; init; }

    /// <summary>The SASL PLAIN user.</summary>
    public string? UserName { get; init; }

    /// <summary>The SASL PLAIN password.</summary>
    public string? Password { get; init; }

    /// <summary>Parses <paramref name="value"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static AmqpConnectionString Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Bad("is empty");
        }

        var text = value.Trim();
        if (text.StartsWith("amqp://", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("amqps://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseUrl(text);
        }

        throw Bad("has an unsupported scheme: use amqp://, amqps:// or a Service Bus connection string (Endpoint=sb://...)");
    }

    /// <summary>A loggable form without secrets.</summary>
    public override string ToString()
    {
        var scheme = UseTls ? "amqps" : "amqp";
        var who = Authentication switch
        {
            AmqpAuthentication.UserPassword => UserName + ":***@",
            _ => "",
        };
        return $"{scheme}://{who}{Host}:{Port.ToString(CultureInfo.InvariantCulture)} ({Authentication})";
    }

    private static AmqpConnectionString ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Bad("is not a valid amqp URL: expected amqp://user:password@host:port");
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Bad("amqp URL must not have a path or query: entity addresses go in NorseAlerts:Amqp:Entities");
        }

        var tls = uri.Scheme.Equals("amqps", StringComparison.OrdinalIgnoreCase);
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == uri.UserInfo.Length - 1)
            {
                throw Bad("amqp URL must carry both user and password (amqp://user:password@host) or neither");
            }

            user = Uri.UnescapeDataString(uri.UserInfo[..colon]);
            password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return new AmqpConnectionString
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port,
            UseTls = tls,
            Authentication = user is null ? AmqpAuthentication.Anonymous : AmqpAuthentication.UserPassword,
            UserName = user,
            Password = password,
        };
    }

    private static FormatException Bad(string problem) => new($"{Setting} {problem}.");
}
