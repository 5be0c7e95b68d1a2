namespace NorseAlerts.Messaging;

/// <summary>A message received from the clinical-events or alert-acks entity, detached from AMQP types.</summary>
/// <param name="Body">The body bytes (a <c>data</c> section, or a string/binary <c>amqp-value</c>).</param>
/// <param name="ContentType">AMQP <c>content-type</c>, when set.</param>
/// <param name="MessageId">AMQP <c>message-id</c>, when set.</param>
/// <param name="Subject">AMQP <c>subject</c>, when set.</param>
/// <param name="ApplicationProperties">Application properties by name (AMQP symbols as strings).</param>
/// <param name="DeliveryCount">How many earlier deliveries of this message failed (0 the first time).</param>
public sealed record InboundMessage(
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    string? MessageId,
    string? Subject,
    IReadOnlyDictionary<string, object?> ApplicationProperties,
    int DeliveryCount);
