using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Messaging;

/// <summary>
/// Receives from the clinical-events and alert-acks entities and hands each message to
/// <see cref="IInboundMessageHandler"/>, one at a time per entity with a small prefetch. A message is settled only
/// after the handler returned: accepted, rejected with <see cref="InvalidMessageCondition"/> (the broker
/// dead-letters it) or released for redelivery. It never uses <c>modified</c>, which RabbitMQ's AMQP 1.0 plugin
/// answers by closing the connection. Links are reattached whenever the connection comes back.
/// </summary>
public sealed class AmqpInboundListener : BackgroundService
{
    /// <summary>The AMQP error condition of a rejected (dead-lettered) inbound message.</summary>
    public const string InvalidMessageCondition = "norsealerts:invalid-message";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly BrokerConnection connection;
    private readonly IInboundMessageHandler handler;
    private readonly AmqpOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <summary>Creates the listener; it starts receiving when the host starts it.</summary>
    public AmqpInboundListener(
        BrokerConnection connection,
        IInboundMessageHandler handler,
        AmqpOptions options,
        ILogger<AmqpInboundListener> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.connection = connection;
        this.handler = handler;
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Reads a received AMQP message into an <see cref="InboundMessage"/>; null when the body form is unsupported.</summary>
    internal static InboundMessage? Read(Message message)
    {
        ReadOnlyMemory<byte> body;
        switch (message.BodySection)
        {
            case Data data:
                body = data.Binary ?? [];
                break;
            case AmqpValue { Value: string text }:
                body = Encoding.UTF8.GetBytes(text);
                break;
            case AmqpValue { Value: byte[] bytes }:
                body = bytes;
                break;
            case null:
                body = ReadOnlyMemory<byte>.Empty;
                break;
            default:
                return null;
        }

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (message.ApplicationProperties?.Map is { } map)
        {
            foreach (var key in map.Keys)
            {
                var value = map[key];
                properties[key.ToString()!] = value is Symbol symbol ? symbol.ToString() : value;
            }
        }

        return new InboundMessage(
            body,
            message.Properties?.ContentType?.ToString(),
            message.Properties?.MessageId,
            message.Properties?.Subject,
            properties,
            (int)(message.Header?.DeliveryCount ?? 0));
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            ConsumeAsync(options.Entities.Events, "events", handler.HandleClinicalEventAsync, stoppingToken),
            ConsumeAsync(options.Entities.Acks, "acks", handler.HandleAckAsync, stoppingToken));

    private async Task ConsumeAsync(
        string address,
        string name,
        Func<InboundMessage, CancellationToken, Task<InboundOutcome>> handle,
        CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ReceiverLink? link = null;
            try
            {
                link = await connection.OpenReceiverAsync(address, $"norsealerts-{name}-{Guid.NewGuid():N}", options.Prefetch, stop).ConfigureAwait(false);
                while (!stop.IsCancellationRequested)
                {
                    var message = await link.ReceiveAsync(PollInterval).ConfigureAwait(false);
                    if (message is null)
                    {
                        if (link.IsClosed)
                        {
                            break;
                        }

                        continue;
                    }

                    await DispatchAsync(link, message, address, handle, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Logs.InboundReceiveFailed(logger, address, e.Message);
            }
            finally
            {
                if (link is not null)
                {
                    // Closing the link releases what it still holds unsettled, so nothing is lost on shutdown.
                    await BrokerConnection.CloseQuietlyAsync(link).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(options.ReconnectMinDelay, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task DispatchAsync(
        ReceiverLink link,
        Message message,
        string address,
        Func<InboundMessage, CancellationToken, Task<InboundOutcome>> handle,
        CancellationToken stop)
    {
        var messageId = message.Properties?.MessageId ?? "(none)";
        var inbound = Read(message);
        InboundOutcome outcome;
        if (inbound is null)
        {
            outcome = new InboundOutcome.Rejected("unsupported-body", "the body must be a data section or a string amqp-value");
        }
        else
        {
            try
            {
                outcome = await handle(inbound, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Shutting down before the commit: leave it unsettled; closing the link hands it back.
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                outcome = new InboundOutcome.Transient(e.GetType().Name + ": " + e.Message);
            }
        }

        switch (outcome)
        {
            case InboundOutcome.Accepted:
                link.Accept(message);
                Logs.InboundAccepted(logger, address, messageId);
                break;
            case InboundOutcome.Rejected rejected:
                link.Reject(message, RejectionError(rejected));
                Logs.InboundRejected(logger, address, messageId, rejected.Reason, rejected.Description);
                break;
            case InboundOutcome.Transient transient:
                Logs.InboundReleased(logger, address, messageId, transient.Error);
                try
                {
                    await Task.Delay(options.ReleaseDelay, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Released now rather than after the pause; the message comes back either way.
                }

                link.Release(message);
                break;
            default:
                throw new InvalidOperationException($"unknown inbound outcome {outcome.GetType().Name}");
        }
    }

    /// <summary>The error sent with a rejection: the condition and the description (RabbitMQ records the rejection in <c>x-death</c>).</summary>
    internal static Error RejectionError(InboundOutcome.Rejected rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return new Error(new Symbol(InvalidMessageCondition)) { Description = $"{rejected.Reason}: {rejected.Description}" };
    }
}
