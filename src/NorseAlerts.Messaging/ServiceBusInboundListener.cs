using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Messaging;

/// <summary>
/// Receives the clinical-events and alert-acks queues through Azure.Messaging.ServiceBus (one peek-lock
/// <see cref="ServiceBusProcessor"/> per queue, one message at a time) and hands each message to
/// <see cref="IInboundMessageHandler"/>. A message is settled only after the handler returned, i.e. after its effect
/// is committed: completed when accepted, dead-lettered with the reason and description when it can never be used,
/// abandoned (after <see cref="AmqpOptions.ReleaseDelay"/>) on a transient failure so Service Bus delivers it again.
/// </summary>
public sealed class ServiceBusInboundListener : BackgroundService
{
    /// <summary>Service Bus's limit on a dead-letter reason and description.</summary>
    private const int DeadLetterTextLimit = 4096;

    private readonly ServiceBusTransport transport;
    private readonly IInboundMessageHandler handler;
    private readonly AmqpOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <summary>Creates the listener; it starts receiving when the host starts it.</summary>
    public ServiceBusInboundListener(
        ServiceBusTransport transport,
        IInboundMessageHandler handler,
        AmqpOptions options,
        ILogger<ServiceBusInboundListener> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.transport = transport;
        this.handler = handler;
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Reads a received Service Bus message into an <see cref="InboundMessage"/>.</summary>
    internal static InboundMessage Read(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in message.ApplicationProperties)
        {
            properties[key] = value;
        }

        return new InboundMessage(
            message.Body.ToMemory(),
            message.ContentType,
            message.MessageId,
            message.Subject,
            properties,
            Math.Max(0, message.DeliveryCount - 1));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = transport.Processor(options.Entities.Events);
        var acks = transport.Processor(options.Entities.Acks);
        await using (events.ConfigureAwait(false))
        await using (acks.ConfigureAwait(false))
        {
            Wire(events, handler.HandleClinicalEventAsync, stoppingToken);
            Wire(acks, handler.HandleAckAsync, stoppingToken);
            try
            {
                await events.StartProcessingAsync(stoppingToken).ConfigureAwait(false);
                await acks.StartProcessingAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: messages in hand are abandoned below or come back when their lock expires.
            }
            finally
            {
                await events.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
                await acks.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private void Wire(ServiceBusProcessor processor, Func<InboundMessage, CancellationToken, Task<InboundOutcome>> handle, CancellationToken stop)
    {
        processor.ProcessMessageAsync += args => DispatchAsync(args, processor.EntityPath, handle, stop);
        processor.ProcessErrorAsync += args =>
        {
            transport.Failed(args.Exception.Message);
            Logs.ServiceBusReceiveFailed(logger, args.EntityPath, args.ErrorSource.ToString(), args.Exception.Message);
            return Task.CompletedTask;
        };
    }

    private async Task DispatchAsync(
        ProcessMessageEventArgs args,
        string entity,
        Func<InboundMessage, CancellationToken, Task<InboundOutcome>> handle,
        CancellationToken stop)
    {
        transport.Succeeded();
        var message = args.Message;
        var messageId = message.MessageId ?? "(none)";
        InboundOutcome outcome;
        try
        {
            outcome = await handle(Read(message), stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            outcome = new InboundOutcome.Transient("shutting down before the commit");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            outcome = new InboundOutcome.Transient(e.GetType().Name + ": " + e.Message);
        }

        try
        {
            switch (outcome)
            {
                case InboundOutcome.Accepted:
                    await args.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
                    Logs.ServiceBusCompleted(logger, entity, messageId);
                    break;
                case InboundOutcome.Rejected rejected:
                    await args.DeadLetterMessageAsync(message, Limit(rejected.Reason), Limit(rejected.Description), CancellationToken.None).ConfigureAwait(false);
                    Logs.ServiceBusDeadLettered(logger, entity, messageId, rejected.Reason, rejected.Description);
                    break;
                case InboundOutcome.Transient transient:
                    Logs.ServiceBusAbandoned(logger, entity, messageId, transient.Error);
                    if (!stop.IsCancellationRequested)
                    {
                        await Pause(stop).ConfigureAwait(false);
                    }

                    await args.AbandonMessageAsync(message, null, CancellationToken.None).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"unknown inbound outcome {outcome.GetType().Name}");
            }
        }
        catch (ServiceBusException e)
        {
            // The lock or the link is gone: Service Bus delivers the message again, and handling is idempotent.
            Logs.ServiceBusSettleFailed(logger, entity, messageId, e.Reason.ToString(), e.Message);
        }
    }

    private async Task Pause(CancellationToken stop)
    {
        try
        {
            await Task.Delay(options.ReleaseDelay, time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Abandoned now rather than after the pause; the message comes back either way.
        }
    }

    private static string Limit(string text) => text.Length <= DeadLetterTextLimit ? text : text[..DeadLetterTextLimit];
}
