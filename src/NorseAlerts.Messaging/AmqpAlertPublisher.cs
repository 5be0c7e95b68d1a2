using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging;

/// <summary>
/// Sends pages to the escalations entity and returns only once the broker has accepted (settled) them. Any
/// failure throws <see cref="AlertPublishException"/>, so the outbox keeps the page and retries it; the
/// deterministic message-id makes the retry a duplicate that Service Bus and consumers drop.
/// </summary>
public sealed class AmqpAlertPublisher : IAlertPublisher
{
    private readonly BrokerConnection connection;
    private readonly AmqpOptions options;
    private readonly ILogger logger;

    /// <summary>Creates the publisher over <paramref name="connection"/>.</summary>
    public AmqpAlertPublisher(BrokerConnection connection, AmqpOptions options, ILogger<AmqpAlertPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        AlertMessage.ValidateAddressTemplate(options.Entities.Alerts);
        this.connection = connection;
        this.options = options;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task PublishAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var message = AlertMessage.Create(page, options.EventSource, options.MessageTimeToLive);
        var address = AlertMessage.AddressFor(options.Entities.Alerts, page.Alert);
        Amqp.SenderLink? sender = null;
        try
        {
            sender = await connection.GetSenderAsync(address, cancellationToken).ConfigureAwait(false);
            await sender.SendAsync(message, options.SendTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
            Logs.PagePublished(logger, page.MessageId, page.Alert.CaseId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (sender is not null)
            {
                connection.Discard(address, sender);
            }

            Logs.PageNotPublished(logger, page.MessageId, page.Alert.CaseId, e.Message);
            throw new AlertPublishException(page.MessageId, e.Message, e);
        }
    }
}
