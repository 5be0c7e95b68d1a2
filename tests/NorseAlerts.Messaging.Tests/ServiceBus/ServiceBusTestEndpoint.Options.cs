namespace NorseAlerts.Messaging.Tests.ServiceBus;

internal sealed partial class ServiceBusTestEndpoint
{
    /// <summary>Settings for the code under test against this endpoint, with the SDK's retries small so tests stay fast.</summary>
    public AmqpOptions Options(string? connectionString = null) => new()
    {
        ConnectionString = connectionString ?? SharedAccessKeyConnectionString,
        MaxRetries = 2,
        SendTimeout = TimeSpan.FromSeconds(2),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        ReleaseDelay = TimeSpan.FromMilliseconds(50),
        HealthCheckInterval = TimeSpan.FromSeconds(1),
        Prefetch = 0,
    };
}
