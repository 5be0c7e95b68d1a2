using Azure.Messaging.ServiceBus;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging;

/// <summary>
/// A page as an Azure.Messaging.ServiceBus message, with the same content as the AMQPNetLite form of
/// <see cref="AlertMessage"/>: <c>MessageId</c> = the page's deterministic id (<c>alertId:level:repeat</c>, so Service Bus
/// duplicate detection drops a retry), <c>SessionId</c> = case id, <c>Subject</c> = kind, content type
/// <c>application/cloudevents+json</c>, the CloudEvents body and the application properties subscriptions filter on.
/// </summary>
public static class ServiceBusAlertMessage
{
    /// <summary>The Service Bus message for <paramref name="page"/>; a fresh one per send attempt, same content every time.</summary>
    public static ServiceBusMessage Create(Page page, string source, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var alert = page.Alert;
        var message = new ServiceBusMessage(AlertMessage.CloudEvent(page, source))
        {
            MessageId = page.MessageId,
            SessionId = alert.CaseId,
            Subject = alert.Kind.Name,
            ContentType = AlertMessage.ContentType,
            TimeToLive = timeToLive,
        };
        foreach (var (key, value) in AlertMessage.ApplicationPropertiesOf(alert))
        {
            message.ApplicationProperties[key] = value;
        }

        return message;
    }
}
