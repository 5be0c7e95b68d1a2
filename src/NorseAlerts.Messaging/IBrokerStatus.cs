namespace NorseAlerts.Messaging;

/// <summary>
/// Where the broker link stands, for <c>/readyz</c>, whichever transport carries it: the AMQPNetLite
/// <see cref="BrokerConnection"/> or the Service Bus SDK's <see cref="ServiceBusTransport"/>.
/// </summary>
public interface IBrokerStatus
{
    /// <summary>A snapshot without secrets.</summary>
    BrokerHealth Health { get; }
}
