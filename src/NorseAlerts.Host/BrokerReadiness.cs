using NorseAlerts.Host.Endpoints;
using NorseAlerts.Messaging;

namespace NorseAlerts.Host;

/// <summary>The <c>/readyz</c> entry for the broker, whichever transport carries it.</summary>
public sealed class BrokerReadiness(IBrokerStatus broker) : IReadinessProbe
{
    /// <inheritdoc />
    public string Name => "broker";

    /// <inheritdoc />
    public bool IsReady => broker.Health.IsConnected;

    /// <inheritdoc />
    public string Describe()
    {
        var h = broker.Health;
        return h.IsConnected ? "connected" : $"{h.State.ToString().ToLowerInvariant()}{(h.LastError is null ? "" : ": " + h.LastError)}";
    }
}
