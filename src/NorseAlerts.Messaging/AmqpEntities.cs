namespace NorseAlerts.Messaging;

/// <summary>
/// The AMQP addresses of the three entities (<c>NorseAlerts:Amqp:Entities</c>). The defaults are the Service
/// Bus names of DESIGN section 7; a RabbitMQ setup overrides them with its own address forms
/// (<c>/exchange/escalations</c>, <c>/amq/queue/clinical-events</c>, <c>/amq/queue/alert-acks</c>).
/// </summary>
public sealed class AmqpEntities
{
    /// <summary>Send address of the escalations topic.</summary>
    public string Alerts { get; set; } = "escalations";

    /// <summary>Receive address of the clinical-events queue.</summary>
    public string Events { get; set; } = "clinical-events";

    /// <summary>Receive address of the alert-acks queue.</summary>
    public string Acks { get; set; } = "alert-acks";
}
