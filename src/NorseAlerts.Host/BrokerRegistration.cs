using Microsoft.Extensions.DependencyInjection.Extensions;
using NorseAlerts.Host.Endpoints;
using NorseAlerts.Messaging;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Host;

/// <summary>
/// Wires NorseAlerts.Messaging when <c>NorseAlerts:Amqp:ConnectionString</c> is set: pages go out through the
/// AMQP publisher (the outbox retries it), the clinical-events and alert-acks queues feed the same paths as
/// HTTP, and <c>/readyz</c> reports the link. Without it alerts stay in the store and the API.
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
            _ = AmqpConnectionString.Parse(options.ConnectionString);
            AlertMessage.ValidateAddressTemplate(options.Entities.Alerts);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidOperationException("NorseAlerts:Amqp is invalid: " + ex.Message, ex);
        }

        return options;
    }

    /// <summary>Registers the AMQP publisher, the inbound listener and the readiness probe when a broker is configured.</summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, AmqpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return services;
        }

        services.AddSingleton(options);
        services.AddSingleton(sp => new BrokerConnection(options, sp.GetRequiredService<ILogger<BrokerConnection>>(), sp.GetRequiredService<TimeProvider>()));
        services.RemoveAll<IAlertPublisher>();
        services.AddSingleton<IAlertPublisher, AmqpAlertPublisher>();
        services.AddSingleton<IInboundMessageHandler, BrokerInbound>();
        services.AddSingleton<IReadinessProbe, BrokerReadiness>();
        services.AddHostedService<BrokerStarter>();
        services.AddHostedService<AmqpInboundListener>();
        return services;
    }

    /// <summary>Opens the connection at start; its own loop reconnects after outages.</summary>
    private sealed class BrokerStarter(BrokerConnection connection) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            connection.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary><c>/readyz</c> entry for the broker link.</summary>
    private sealed class BrokerReadiness(BrokerConnection connection) : IReadinessProbe
    {
        public string Name => "broker";

        public bool IsReady => connection.IsConnected;

        public string Describe()
        {
            var h = connection.Health;
            return h.IsConnected ? "connected" : $"{h.State.ToString().ToLowerInvariant()}{(h.LastError is null ? "" : ": " + h.LastError)}";
        }
    }
}
