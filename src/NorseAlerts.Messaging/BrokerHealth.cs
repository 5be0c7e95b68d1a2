namespace NorseAlerts.Messaging;

/// <summary>A snapshot of the broker connection for <c>/readyz</c>; carries no secrets.</summary>
/// <param name="State">Where the connection stands.</param>
/// <param name="Endpoint">The broker, without credentials.</param>
/// <param name="Since">When it entered <paramref name="State"/>.</param>
/// <param name="LastError">The last connection or authorization error, if any.</param>
/// <param name="NextAttemptAt">When the next reconnect is due while disconnected.</param>
public sealed record BrokerHealth(BrokerState State, string Endpoint, DateTimeOffset Since, string? LastError, DateTimeOffset? NextAttemptAt)
{
    /// <summary>Whether links can be used now.</summary>
    public bool IsConnected => State == BrokerState.Connected;
}
