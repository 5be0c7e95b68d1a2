using NorseAlerts.Hosting;

namespace NorseAlerts.Messaging;

/// <summary>
/// Broker settings, bound from the configuration section <see cref="SectionName"/>. Without a
/// <see cref="ConnectionString"/> there is no broker and pages stay in the store and the API.
/// </summary>
public sealed class AmqpOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "NorseAlerts:Amqp";

    /// <summary>A Service Bus connection string (<see cref="ServiceBusConnectionString"/>, through Azure.Messaging.ServiceBus) or an <c>amqp(s)://</c> URL (<see cref="AmqpConnectionString"/>, through AMQPNetLite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The entity addresses.</summary>
    public AmqpEntities Entities { get; set; } = new();

    /// <summary>How long a publish waits for the broker to settle a page before it fails (and the outbox retries); with Service Bus, the SDK's try timeout.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a publish waits for a connection while the broker is unreachable before it fails.</summary>
    public TimeSpan ConnectWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time to live of a page on the broker; long, because a page that expires unread is a page lost.</summary>
    public TimeSpan MessageTimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>First delay between reconnect attempts (Service Bus: between SDK retries); it doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The reconnect backoff: <see cref="ReconnectMinDelay"/> doubling up to <see cref="ReconnectMaxDelay"/>, the same policy as the outbox's retries.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ReconnectMinDelay"/> is not positive.</exception>
    public RetryBackoff ReconnectBackoff => new(ReconnectMinDelay, ReconnectMaxDelay);

    /// <summary>How many unsettled inbound messages the broker may push at once per queue; small, because each waits for a commit.</summary>
    public int Prefetch { get; set; } = 4;

    /// <summary>Pause before a message that failed transiently is released, so a failing store does not become a hot redelivery loop.</summary>
    public TimeSpan ReleaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Service Bus only: how often the SDK retries a failed operation (its retry policy) before the caller sees the failure.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Service Bus only: how often readiness re-checks that the namespace can be reached while nothing else talks to it.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>source</c> attribute of outgoing CloudEvents.</summary>
    public string EventSource { get; set; } = "/norsealerts";

    /// <summary>Whether a broker is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>Whether the configured broker is Service Bus (an <c>Endpoint=sb://...</c> string) rather than an <c>amqp://</c> broker.</summary>
    public bool IsServiceBus => ServiceBusConnectionString.IsServiceBus(ConnectionString);

    /// <summary>Throws <see cref="FormatException"/> naming what is wrong with the connection string or the alerts address.</summary>
    public void Validate()
    {
        if (IsServiceBus)
        {
            _ = ServiceBusConnectionString.Parse(ConnectionString);
        }
        else
        {
            _ = AmqpConnectionString.Parse(ConnectionString);
        }

        AlertMessage.ValidateAddressTemplate(Entities.Alerts);
        if (IsServiceBus && Entities.Alerts.Contains('{', StringComparison.Ordinal))
        {
            throw new FormatException(
                $"{SectionName}:Entities:Alerts '{Entities.Alerts}' must be the topic name with Service Bus: its subscriptions route on the recipientRole property, not on the address.");
        }

        if (MaxRetries < 0)
        {
            throw new FormatException($"{SectionName}:MaxRetries must be 0 or more.");
        }

        if (ReconnectMinDelay <= TimeSpan.Zero)
        {
            throw new FormatException($"{SectionName}:ReconnectMinDelay must be a positive TimeSpan.");
        }
    }
}
