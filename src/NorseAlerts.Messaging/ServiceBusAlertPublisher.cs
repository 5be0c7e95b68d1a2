using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging;

/// <summary>
/// Sends pages to the escalations topic through Azure.Messaging.ServiceBus and returns only once Service Bus accepted
/// them. The SDK retries within one call with the same message, so the same <c>MessageId</c>; whatever still fails
/// throws <see cref="AlertPublishException"/> and the outbox (or the orchestrator's retry policy) tries again later,
/// again with the same id, which Service Bus duplicate detection drops.
/// </summary>
public sealed class ServiceBusAlertPublisher : IAlertPublisher
{
    private readonly ServiceBusTransport transport;
    private readonly AmqpOptions options;
    private readonly ILogger logger;

    /// <summary>Creates the publisher over <paramref name="transport"/>.</summary>
    public ServiceBusAlertPublisher(ServiceBusTransport transport, AmqpOptions options, ILogger<ServiceBusAlertPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.transport = transport;
        this.options = options;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task PublishAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var message = ServiceBusAlertMessage.Create(page, options.EventSource, options.MessageTimeToLive);
        try
        {
            await transport.Sender(options.Entities.Alerts).SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
            transport.Succeeded();
            Logs.ServiceBusPagePublished(logger, page.MessageId, page.Alert.CaseId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            transport.Failed(e.Message);
            Logs.ServiceBusPageNotPublished(logger, page.MessageId, page.Alert.CaseId, e.Message);
            throw new AlertPublishException(page.MessageId, e.Message, e);
        }
    }
}
