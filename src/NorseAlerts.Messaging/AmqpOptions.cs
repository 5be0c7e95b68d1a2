namespace NorseAlerts.Messaging;

/// <summary>
/// Broker settings, bound from the configuration section <see cref="SectionName"/>. Without a
/// <see cref="ConnectionString"/> there is no broker and pages stay in the store and the API.
/// </summary>
public sealed class AmqpOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "NorseAlerts:Amqp";

    /// <summary>A Service Bus connection string (SAS or <c>Authentication=ManagedIdentity</c>) or an <c>amqp(s)://</c> URL; see <see cref="AmqpConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The entity addresses.</summary>
    public AmqpEntities Entities { get; set; } = new();

    /// <summary>How long a publish waits for the broker to settle a page before it fails (and the outbox retries).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a publish waits for a connection while the broker is unreachable before it fails.</summary>
    public TimeSpan ConnectWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time to live of a page on the broker; long, because a page that expires unread is a page lost.</summary>
    public TimeSpan MessageTimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>First delay between reconnect attempts; it doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many unsettled inbound messages the broker may push at once per queue; small, because each waits for a commit.</summary>
    public int Prefetch { get; set; } = 4;

    /// <summary>Pause before a message that failed transiently is released, so a failing store does not become a hot redelivery loop.</summary>
    public TimeSpan ReleaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long before its expiry an Entra token is renewed on the <c>$cbs</c> node.</summary>
    public TimeSpan TokenRenewBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>source</c> attribute of outgoing CloudEvents.</summary>
    public string EventSource { get; set; } = "/norsealerts";

    /// <summary>Whether a broker is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
