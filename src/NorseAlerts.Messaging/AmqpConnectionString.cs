using System.Globalization;

namespace NorseAlerts.Messaging;

/// <summary>
/// A parsed <c>NorseAlerts:Amqp:ConnectionString</c>. Three forms are accepted:
/// <list type="bullet">
/// <item><c>Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=..;SharedAccessKey=..</c> (Service Bus SAS, SASL PLAIN).</item>
/// <item><c>Endpoint=sb://ns.servicebus.windows.net/;Authentication=ManagedIdentity</c> (Entra token over CBS; optional
/// <c>ManagedIdentityClientId</c> for a user-assigned identity).</item>
/// <item><c>amqp://user:pass@host:port</c> or <c>amqps://...</c> (a plain AMQP 1.0 broker).</item>
/// </list>
/// <c>UseDevelopmentEmulator=true</c> (the Service Bus emulator's key) turns TLS off for a Service Bus form.
/// Secrets never appear in <see cref="ToString"/> or in parse errors.
/// </summary>
public sealed record AmqpConnectionString
{
    private const string Setting = "NorseAlerts:Amqp:ConnectionString";

    private static readonly string[] ServiceBusKeys =
        ["Endpoint", "SharedAccessKeyName", "SharedAccessKey", "Authentication", "ManagedIdentityClientId", "UseDevelopmentEmulator"];

    /// <summary>Host name or address of the broker.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>Whether the connection uses TLS (<c>amqps</c>).</summary>
    public required bool UseTls { get; init; }

    /// <summary>How the connection authenticates.</summary>
    public required AmqpAuthentication Authentication { get; init; }

    /// <summary>The SASL PLAIN user: the broker user or the shared access key name.</summary>
    public string? UserName { get; init; }

    /// <summary>The SASL PLAIN password: the broker password or the shared access key.</summary>
    public string? Password { get; init; }

    /// <summary>Client id of a user-assigned managed identity, when the Entra form names one.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Whether this is a Service Bus namespace (the <c>Endpoint=sb://</c> forms).</summary>
    public bool IsServiceBus { get; init; }

    /// <summary>The CBS audience (put-token <c>name</c>) that authorizes links to <paramref name="entity"/>.</summary>
    public string AudienceFor(string entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var port = Port == (UseTls ? 5671 : 5672) ? "" : ":" + Port.ToString(CultureInfo.InvariantCulture);
        return $"sb://{Host}{port}/{entity.TrimStart('/')}";
    }

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

        if (text.Contains("://", StringComparison.Ordinal) && !text.Contains('=', StringComparison.Ordinal))
        {
            throw Bad("has an unsupported scheme: use amqp://, amqps:// or a Service Bus connection string (Endpoint=sb://...)");
        }

        return ParseServiceBus(text);
    }

    /// <summary>A loggable form without secrets.</summary>
    public override string ToString()
    {
        var scheme = UseTls ? "amqps" : "amqp";
        var who = Authentication switch
        {
            AmqpAuthentication.UserPassword or AmqpAuthentication.SharedAccessKey => UserName + ":***@",
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

    private static AmqpConnectionString ParseServiceBus(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Bad("has a part without key=value: expected Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...");
            }

            var key = part[..eq].Trim();
            if (key.Equals("EntityPath", StringComparison.OrdinalIgnoreCase))
            {
                throw Bad("must not contain EntityPath: entity addresses go in NorseAlerts:Amqp:Entities");
            }

            if (key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
            {
                throw Bad("SharedAccessSignature is not supported: use SharedAccessKeyName and SharedAccessKey, or Authentication=ManagedIdentity");
            }

            if (!ServiceBusKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw Bad($"has an unknown key '{key}': expected {string.Join(", ", ServiceBusKeys)}");
            }

            if (!pairs.TryAdd(key, part[(eq + 1)..].Trim()))
            {
                throw Bad($"has the key '{key}' twice");
            }
        }

        if (!pairs.TryGetValue("Endpoint", out var endpoint) || endpoint.Length == 0)
        {
            throw Bad("has no Endpoint: expected Endpoint=sb://<namespace>.servicebus.windows.net/");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !uri.Scheme.Equals("sb", StringComparison.OrdinalIgnoreCase) || uri.Host.Length == 0)
        {
            throw Bad("Endpoint must be an sb:// URI such as sb://<namespace>.servicebus.windows.net/");
        }

        var emulator = false;
        if (pairs.TryGetValue("UseDevelopmentEmulator", out var emulatorText) && !bool.TryParse(emulatorText, out emulator))
        {
            throw Bad("UseDevelopmentEmulator must be true or false");
        }

        pairs.TryGetValue("SharedAccessKeyName", out var keyName);
        pairs.TryGetValue("SharedAccessKey", out var key2);
        pairs.TryGetValue("Authentication", out var authentication);
        var hasSas = !string.IsNullOrEmpty(keyName) || !string.IsNullOrEmpty(key2);
        AmqpAuthentication mode;
        if (authentication is not null)
        {
            if (!authentication.Equals("ManagedIdentity", StringComparison.OrdinalIgnoreCase))
            {
                throw Bad($"has Authentication '{authentication}': the only supported value is ManagedIdentity");
            }

            if (hasSas)
            {
                throw Bad("has both Authentication=ManagedIdentity and a shared access key: choose one");
            }

            mode = AmqpAuthentication.EntraToken;
        }
        else if (hasSas)
        {
            if (string.IsNullOrEmpty(keyName) || string.IsNullOrEmpty(key2))
            {
                throw Bad("needs both SharedAccessKeyName and SharedAccessKey");
            }

            mode = AmqpAuthentication.SharedAccessKey;
        }
        else
        {
            throw Bad("has neither SharedAccessKeyName/SharedAccessKey nor Authentication=ManagedIdentity");
        }

        pairs.TryGetValue("ManagedIdentityClientId", out var clientId);
        if (clientId is not null && mode != AmqpAuthentication.EntraToken)
        {
            throw Bad("ManagedIdentityClientId only applies with Authentication=ManagedIdentity");
        }

        var tls = !emulator;
        return new AmqpConnectionString
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port,
            UseTls = tls,
            Authentication = mode,
            UserName = mode == AmqpAuthentication.SharedAccessKey ? keyName : null,
            Password = mode == AmqpAuthentication.SharedAccessKey ? key2 : null,
            ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId,
            IsServiceBus = true,
        };
    }

    private static FormatException Bad(string problem) => new($"{Setting} {problem}.");
}
