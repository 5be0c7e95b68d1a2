namespace NorseAlerts.Messaging;

/// <summary>
/// The host's side of the inbound queues. Each method returns only after the message's effects are durably
/// committed (or found to be duplicates), because the listener settles the message right after. Deliveries are
/// at least once: a message whose settlement was lost with the connection comes again, so handling must be idempotent.
/// </summary>
public interface IInboundMessageHandler
{
    /// <summary>A clinical event (CloudEvents JSON, like <c>POST /api/events</c>) from the clinical-events queue.</summary>
    Task<InboundOutcome> HandleClinicalEventAsync(InboundMessage message, CancellationToken cancellationToken);

    /// <summary>An acknowledgement (<see cref="AckMessage"/> JSON) from the alert-acks queue.</summary>
    Task<InboundOutcome> HandleAckAsync(InboundMessage message, CancellationToken cancellationToken);
}
