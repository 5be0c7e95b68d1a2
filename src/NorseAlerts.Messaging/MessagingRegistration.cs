using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging;

/// <summary>
/// The wiring both hosts call. The transport follows the connection string: <c>Endpoint=sb://...</c> goes through
/// Azure.Messaging.ServiceBus (<see cref="ServiceBusTransport"/>), <c>amqp://</c> through AMQPNetLite
/// (<see cref="BrokerConnection"/>). Callers see only the ports: <see cref="IAlertPublisher"/>,
/// <see cref="IBrokerStatus"/> and, for inbound queues, their own <see cref="IInboundMessageHandler"/>.
/// </summary>
public static class MessagingRegistration
{
    /// <summary>
    /// Registers the <see cref="IAlertPublisher"/> of the configured broker (replacing any registered before), its
    /// <see cref="IBrokerStatus"/> and a hosted service that opens the connection and keeps readiness current. Throws
    /// <see cref="FormatException"/> naming the setting when the options are invalid; does nothing without a broker.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">The <c>NorseAlerts:Amqp</c> settings.</param>
    /// <param name="credential">For <c>Authentication=ManagedIdentity</c>: the token source; Azure.Identity's <c>DefaultAzureCredential</c> when null.</param>
    public static IServiceCollection AddAlertPublishing(this IServiceCollection services, AmqpOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return services;
        }

        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IAlertPublisher>();
        if (options.IsServiceBus)
        {
            services.AddSingleton(sp => new ServiceBusTransport(
                options, sp.GetRequiredService<ILogger<ServiceBusTransport>>(), sp.GetRequiredService<TimeProvider>(), credential));
            services.AddSingleton<IBrokerStatus>(sp => sp.GetRequiredService<ServiceBusTransport>());
            services.AddSingleton<IAlertPublisher, ServiceBusAlertPublisher>();
            services.AddHostedService(sp => new Starter(() => sp.GetRequiredService<ServiceBusTransport>().StartMonitoring()));
        }
        else
        {
            services.AddSingleton(sp => new BrokerConnection(options, sp.GetRequiredService<ILogger<BrokerConnection>>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IBrokerStatus>(sp => sp.GetRequiredService<BrokerConnection>());
            services.AddSingleton<IAlertPublisher, AmqpAlertPublisher>();
            services.AddHostedService(sp => new Starter(sp.GetRequiredService<BrokerConnection>().Start));
        }

        return services;
    }

    /// <summary>
    /// Registers the hosted listener of the clinical-events and alert-acks queues on the transport of
    /// <see cref="AddAlertPublishing"/> (call that first). The host registers its own <see cref="IInboundMessageHandler"/>.
    /// </summary>
    public static IServiceCollection AddInboundMessaging(this IServiceCollection services, AmqpOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return services;
        }

        if (options.IsServiceBus)
        {
            services.AddHostedService<ServiceBusInboundListener>();
        }
        else
        {
            services.AddHostedService<AmqpInboundListener>();
        }

        return services;
    }

    /// <summary>Starts the transport when the host starts; its own loops keep it connected afterwards.</summary>
    private sealed class Starter(Action start) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
