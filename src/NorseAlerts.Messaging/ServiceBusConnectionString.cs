using System.Globalization;

namespace NorseAlerts.Messaging;

/// <summary>
/// A Service Bus <c>NorseAlerts:Amqp:ConnectionString</c>, read before it is handed to Azure.Messaging.ServiceBus so
/// that a mistake stops the start with an error naming the setting. Two forms:
/// <list type="bullet">
/// <item><c>Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=..;SharedAccessKey=..</c>: the SDK reads the
/// string itself; with <c>;UseDevelopmentEmulator=true</c> it connects over plain AMQP to the endpoint's host and port.</item>
/// <item><c>Endpoint=sb://ns.servicebus.windows.net/;Authentication=ManagedIdentity</c> (optional
/// <c>ManagedIdentityClientId</c> for a user-assigned identity): an Azure.Identity credential; always TLS.</item>
/// </list>
/// Secrets never appear in <see cref="ToString"/> or in parse errors.
/// </summary>
public sealed record ServiceBusConnectionString
{
    private const string Setting = "NorseAlerts:Amqp:ConnectionString";

    private static readonly string[] Keys =
        ["Endpoint", "SharedAccessKeyName", "SharedAccessKey", "Authentication", "ManagedIdentityClientId", "UseDevelopmentEmulator"];

    /// <summary>The namespace host, e.g. <c>norse-prod.servicebus.windows.net</c>.</summary>
    public required string FullyQualifiedNamespace { get; init; }

    /// <summary>The TCP port when the endpoint names one, else null (5671, or 5672 for the emulator).</summary>
    public int? Port { get; init; }

    /// <summary>How the client authenticates.</summary>
    public required ServiceBusAuthentication Authentication { get; init; }

    /// <summary>Client id of a user-assigned managed identity, when the managed-identity form names one.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Whether the string carries <c>UseDevelopmentEmulator=true</c> (plain AMQP, no TLS).</summary>
    public bool UseDevelopmentEmulator { get; init; }

    /// <summary>The string as configured, for the SDK (it holds the key: never log it).</summary>
    public required string Value { get; init; }

    /// <summary>Whether <paramref name="value"/> is meant as a Service Bus string (<c>key=value;...</c>) rather than an <c>amqp://</c> URL.</summary>
    public static bool IsServiceBus(string? value) =>
        value is not null && value.Trim().StartsWith("Endpoint", StringComparison.OrdinalIgnoreCase) && value.Contains('=', StringComparison.Ordinal);

    /// <summary>Parses <paramref name="value"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ServiceBusConnectionString Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Bad("is empty");
        }

        return ParseServiceBus(value.Trim());
    }

    /// <summary>A loggable form without secrets.</summary>
    public override string ToString()
    {
        var port = Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";
        var emulator = UseDevelopmentEmulator ? ", emulator" : "";
        return $"sb://{FullyQualifiedNamespace}{port} ({Authentication}{emulator})";
    }

    private static ServiceBusConnectionString ParseServiceBus(string text)
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

            if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw Bad($"has an unknown key '{key}': expected {string.Join(", ", Keys)}");
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
        ServiceBusAuthentication mode;
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

            mode = ServiceBusAuthentication.ManagedIdentity;
        }
        else if (hasSas)
        {
            if (string.IsNullOrEmpty(keyName) || string.IsNullOrEmpty(key2))
            {
                throw Bad("needs both SharedAccessKeyName and SharedAccessKey");
            }

            mode = ServiceBusAuthentication.SharedAccessKey;
        }
        else
        {
            throw Bad("has neither SharedAccessKeyName/SharedAccessKey nor Authentication=ManagedIdentity");
        }

        pairs.TryGetValue("ManagedIdentityClientId", out var clientId);
        if (clientId is not null && mode != ServiceBusAuthentication.ManagedIdentity)
        {
            throw Bad("ManagedIdentityClientId only applies with Authentication=ManagedIdentity");
        }

        if (emulator && mode == ServiceBusAuthentication.ManagedIdentity)
        {
            throw Bad("UseDevelopmentEmulator=true takes a shared access key: the SDK sends managed-identity tokens over TLS only");
        }

        return new ServiceBusConnectionString
        {
            FullyQualifiedNamespace = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port,
            Authentication = mode,
            ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId,
            UseDevelopmentEmulator = emulator,
            Value = text,
        };
    }

    private static FormatException Bad(string problem) => new($"{Setting} {problem}.");
}
