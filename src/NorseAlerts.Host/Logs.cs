namespace NorseAlerts.Host;

/// <summary>
/// The embedded host's log messages with fixed event ids, so hospital IT can alert on them. They carry message ids,
/// endpoints, error kinds and settings, never a patient key, a name or a message body.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "NorseAlerts started: protocol {Protocol}, ack timeout {AckTimeout}, data directory {DataDirectory}")]
    public static partial void Started(ILogger logger, string protocol, string ackTimeout, string dataDirectory);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "MLLP listener on {Endpoint}")]
    public static partial void MllpListening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Critical, Message = "MLLP listener cannot bind {Address}:{Port} ({Error})")]
    public static partial void MllpBindFailed(ILogger logger, string address, int port, string error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "MLLP connection closed after {IdleTimeout} idle")]
    public static partial void MllpIdle(ILogger logger, string idleTimeout);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "MLLP connection lost ({Error})")]
    public static partial void MllpConnectionLost(ILogger logger, string error);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "MLLP message could not be committed ({Error}); no ACK sent, the sender will resend")]
    public static partial void MllpCommitFailed(ILogger logger, string error);

    // Field names only: a field's error message may quote what the sender wrote.
    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Clinical-events message {MessageId} rejected: invalid fields {Fields}")]
    public static partial void BrokerEventRejected(ILogger logger, string? messageId, string fields);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Error, Message = "Clinical-events message {MessageId} could not be committed; released for redelivery")]
    public static partial void BrokerEventNotCommitted(ILogger logger, string? messageId, Exception error);

    [LoggerMessage(EventId = 3213, Level = LogLevel.Error, Message = "Ack message {MessageId} could not be committed; released for redelivery")]
    public static partial void BrokerAckNotCommitted(ILogger logger, string? messageId, Exception error);
}
