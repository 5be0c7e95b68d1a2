using System.Text.Json;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Messaging;

/// <summary>
/// The AMQP form of a page (its AMQPNetLite message here, its Service Bus SDK message in <see cref="ServiceBusAlertMessage"/>): a CloudEvents 1.0 structured JSON body whose <c>data</c> is the
/// alert as the API shows it, a deterministic <c>message-id</c> for duplicate detection, <c>group-id</c> = case id
/// (the Service Bus session), <c>subject</c> = alert kind, and application properties for subscription filters.
/// </summary>
public static class AlertMessage
{
    /// <summary>The AMQP <c>content-type</c> of a page.</summary>
    public const string ContentType = "application/cloudevents+json";

    /// <summary>The CloudEvents <c>type</c> prefix; the alert kind follows.</summary>
    public const string TypePrefix = "norsealerts.alert.";

    /// <summary>Application property names, the keys subscription filters use.</summary>
    public static class Keys
    {
        /// <summary>Alert severity (<c>critical</c>, <c>high</c>, <c>warning</c>).</summary>
        public const string Severity = "severity";

        /// <summary>Alert kind.</summary>
        public const string Kind = "kind";

        /// <summary>The role paged; each subscription filters on it.</summary>
        public const string RecipientRole = "recipientRole";

        /// <summary>Escalation level (int).</summary>
        public const string Level = "level";

        /// <summary>Case id.</summary>
        public const string CaseId = "caseId";

        /// <summary>Repeat of the last level (int).</summary>
        public const string Repeat = "repeat";

        /// <summary>Alert id.</summary>
        public const string AlertId = "alertId";
    }

    /// <summary>
    /// The send address of a page: <paramref name="template"/> with <c>{recipientRole}</c>, <c>{kind}</c> and
    /// <c>{severity}</c> filled in. Service Bus needs none (its subscriptions filter on the application properties);
    /// RabbitMQ 3.x cannot route on application properties, so its setup sends to
    /// <c>/exchange/escalations/{recipientRole}</c> and the role becomes the routing key.
    /// </summary>
    public static string AddressFor(string template, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(alert);
        return template
            .Replace("{recipientRole}", alert.RecipientRole, StringComparison.Ordinal)
            .Replace("{kind}", alert.Kind.Name, StringComparison.Ordinal)
            .Replace("{severity}", alert.Severity, StringComparison.Ordinal);
    }

    /// <summary>Throws <see cref="FormatException"/> when <paramref name="template"/> has a placeholder other than those of <see cref="AddressFor"/>.</summary>
    public static void ValidateAddressTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var rest = template.Replace("{recipientRole}", "", StringComparison.Ordinal)
            .Replace("{kind}", "", StringComparison.Ordinal)
            .Replace("{severity}", "", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(template) || rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal))
        {
            throw new FormatException(
                $"{AmqpOptions.SectionName}:Entities:Alerts '{template}' must be an address, optionally with {{recipientRole}}, {{kind}} or {{severity}}.");
        }
    }

    /// <summary>The AMQP message for <paramref name="page"/>; a fresh one per send attempt, same content every time.</summary>
    public static Message Create(Page page, string source, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var alert = page.Alert;
        var message = new Message
        {
            Header = new Header
            {
                Durable = true,
                Ttl = (uint)Math.Clamp(timeToLive.TotalMilliseconds, 1, uint.MaxValue),
            },
            Properties = new Properties
            {
                MessageId = page.MessageId,
                GroupId = alert.CaseId,
                Subject = alert.Kind.Name,
                ContentType = new Symbol(ContentType),
                CreationTime = alert.LastPagedAt.UtcDateTime,
            },
            ApplicationProperties = new ApplicationProperties(),
            BodySection = new Data { Binary = CloudEvent(page, source) },
        };
        foreach (var (key, value) in ApplicationPropertiesOf(alert))
        {
            message.ApplicationProperties[key] = value;
        }

        return message;
    }

    /// <summary>The application properties of a page, the same on both transports: what subscription filters route on.</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> ApplicationPropertiesOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return
        [
            new(Keys.Severity, alert.Severity),
            new(Keys.Kind, alert.Kind.Name),
            new(Keys.RecipientRole, alert.RecipientRole),
            new(Keys.Level, alert.Level),
            new(Keys.CaseId, alert.CaseId),
            new(Keys.Repeat, alert.Repeat),
            new(Keys.AlertId, alert.AlertId),
        ];
    }

    /// <summary>The CloudEvents 1.0 structured JSON of <paramref name="page"/> (UTF-8).</summary>
    public static byte[] CloudEvent(Page page, string source)
    {
        ArgumentNullException.ThrowIfNull(page);
        var alert = page.Alert;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", page.MessageId);
            json.WriteString("source", source);
            json.WriteString("type", TypePrefix + alert.Kind.Name);
            json.WriteString("subject", alert.CaseId);
            json.WriteString("time", alert.LastPagedAt);
            json.WriteString("datacontenttype", "application/json");
            json.WritePropertyName("data");
            JsonSerializer.Serialize(json, AlertView.From(alert), PathwayJson.Options);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
