namespace NorseAlerts.Messaging.Tests;

/// <summary>Broker tests share queues and one of them restarts the broker, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    public const string Name = "broker";
}
