using Microsoft.Extensions.Logging;

namespace NorseAlerts.Messaging;

/// <summary>
/// Every log message of the messaging adapters, with fixed event ids (2001-2099 AMQP brokers, 2101-2199 Service Bus),
/// so hospital IT can alert on them. They carry message ids, case ids, addresses, endpoints without credentials and
/// reasons, never a patient key, a name or a message body.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Broker {Endpoint} connected")]
    public static partial void BrokerConnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Broker {Endpoint} connection lost: {Reason}; reconnecting")]
    public static partial void BrokerLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Broker {Endpoint} connect failed: {Reason}")]
    public static partial void BrokerConnectFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Page {MessageId} for case {CaseId} accepted by the broker")]
    public static partial void PagePublished(ILogger logger, string messageId, string caseId);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Page {MessageId} for case {CaseId} not published: {Reason}")]
    public static partial void PageNotPublished(ILogger logger, string messageId, string caseId, string reason);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Debug, Message = "Accepted {MessageId} from {Address}")]
    public static partial void InboundAccepted(ILogger logger, string address, string messageId);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Rejected {MessageId} from {Address} to dead-letter: {Reason}: {Description}")]
    public static partial void InboundRejected(ILogger logger, string address, string messageId, string reason, string description);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "Releasing {MessageId} from {Address} for redelivery: {Error}")]
    public static partial void InboundReleased(ILogger logger, string address, string messageId, string error);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning, Message = "Receiving from {Address} failed: {Reason}; reattaching")]
    public static partial void InboundReceiveFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Service Bus {Endpoint} reachable")]
    public static partial void ServiceBusReachable(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Service Bus {Endpoint} unreachable: {Reason}")]
    public static partial void ServiceBusUnreachable(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Page {MessageId} for case {CaseId} accepted by Service Bus")]
    public static partial void ServiceBusPagePublished(ILogger logger, string messageId, string caseId);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Page {MessageId} for case {CaseId} not published to Service Bus: {Reason}")]
    public static partial void ServiceBusPageNotPublished(ILogger logger, string messageId, string caseId, string reason);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Debug, Message = "Completed {MessageId} from {Entity}")]
    public static partial void ServiceBusCompleted(ILogger logger, string entity, string messageId);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "Dead-lettered {MessageId} from {Entity}: {Reason}: {Description}")]
    public static partial void ServiceBusDeadLettered(ILogger logger, string entity, string messageId, string reason, string description);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Warning, Message = "Abandoning {MessageId} from {Entity} for redelivery: {Error}")]
    public static partial void ServiceBusAbandoned(ILogger logger, string entity, string messageId, string error);

    [LoggerMessage(EventId = 2124, Level = LogLevel.Warning, Message = "Settling {MessageId} from {Entity} failed ({Reason}): {Error}; it will be delivered again")]
    public static partial void ServiceBusSettleFailed(ILogger logger, string entity, string messageId, string reason, string error);

    [LoggerMessage(EventId = 2125, Level = LogLevel.Warning, Message = "Receiving from {Entity} failed in {Source}: {Error}")]
    public static partial void ServiceBusReceiveFailed(ILogger logger, string entity, string source, string error);
}
