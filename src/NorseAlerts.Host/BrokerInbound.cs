using NorseAlerts.Ingest;
using NorseAlerts.Messaging;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host;

/// <summary>
/// Messages from the clinical-events and alert-acks queues take the same path as HTTP: validate with
/// NorseAlerts.Ingest, commit through the engine, and only then accept. Invalid messages are rejected with
/// the reason (so they dead-letter); a failure to commit releases the message for redelivery.
/// </summary>
public sealed class BrokerInbound(CaseEngine engine, TimeProvider time, ILogger<BrokerInbound> logger) : IInboundMessageHandler
{
    /// <inheritdoc />
    public async Task<InboundOutcome> HandleClinicalEventAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parsed = CloudEventsReader.Read(message.Body, message.ContentType, time.GetUtcNow());
        if (!parsed.IsValid)
        {
            var description = string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}"));
            // Field names only: a field's message may quote what the sender wrote.
            Logs.BrokerEventRejected(logger, message.MessageId, string.Join(", ", parsed.Errors.Select(e => e.Field)));
            return new InboundOutcome.Rejected("invalid-event", description);
        }

        try
        {
            await engine.IngestAsync(parsed.Events, "amqp:clinical-events", cancellationToken);
            return new InboundOutcome.Accepted();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logs.BrokerEventNotCommitted(logger, message.MessageId, ex);
            return new InboundOutcome.Transient(ex.Message);
        }
    }

    /// <inheritdoc />
    public async Task<InboundOutcome> HandleAckAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!AckMessage.TryParse(message.Body, out var ack, out var error))
        {
            return new InboundOutcome.Rejected("invalid-ack", error ?? "unreadable acknowledgement");
        }

        try
        {
            var result = await engine.AcknowledgeAsync(ack!.AlertId, ack.By, ack.Note, cancellationToken);
            return result.Found
                ? new InboundOutcome.Accepted()
                : new InboundOutcome.Rejected("unknown-alert", $"alert {ack.AlertId} does not exist");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logs.BrokerAckNotCommitted(logger, message.MessageId, ex);
            return new InboundOutcome.Transient(ex.Message);
        }
    }
}
