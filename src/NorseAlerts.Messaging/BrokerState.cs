namespace NorseAlerts.Messaging;

/// <summary>The state of the broker connection, as <c>/readyz</c> reports it.</summary>
public enum BrokerState
{
    /// <summary>Nothing attempted yet.</summary>
    NotStarted,

    /// <summary>Opening the connection (or reopening it after a loss).</summary>
    Connecting,

    /// <summary>Open and authorized; links can be used.</summary>
    Connected,

    /// <summary>Lost or refused; a reconnect is scheduled with backoff.</summary>
    Disconnected,

    /// <summary>Shut down for good.</summary>
    Closed,
}
