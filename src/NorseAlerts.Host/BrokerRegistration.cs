using NorseAlerts.Messaging;

namespace NorseAlerts.Host;

/// <summary>
/// Wires NorseAlerts.Messaging when <c>NorseAlerts:Amqp:ConnectionString</c> is set: pages go out through the
/// transport the string names (Service Bus through Azure.Messaging.ServiceBus, any other AMQP 1.0 broker through
/// AMQPNetLite; the outbox retries either), the clinical-events and alert-acks queues feed the same paths as HTTP, and
/// <c>/readyz</c> reports the broker. Without it alerts stay in the store and the API.
/// </summary>
public static class BrokerRegistration
{
    /// <summary>Reads and validates the broker settings; throws <see cref="InvalidOperationException"/> with what to fix.</summary>
    public static AmqpOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AmqpOptions();
        configuration.GetSection(AmqpOptions.SectionName).Bind(options);
        if (!options.IsConfigured)
        {
            return options;
        }

        try
        {
            options.Validate();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidOperationException("NorseAlerts:Amqp is invalid: " + ex.Message, ex);
        }

        return options;
    }

    /// <summary>Registers the publisher, the inbound listener and the readiness probe when a broker is configured.</summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, AmqpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return services;
        }

        services.AddAlertPublishing(options);
        services.AddSingleton<IInboundMessageHandler, BrokerInbound>();
        services.AddInboundMessaging(options);
        services.AddSingleton<Endpoints.IReadinessProbe, BrokerReadiness>();
        return services;
    }
}
