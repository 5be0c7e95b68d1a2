namespace NorseAlerts.Messaging;

/// <summary>How the connection authenticates to the broker.</summary>
public enum AmqpAuthentication
{
    /// <summary>SASL ANONYMOUS, for a broker that allows it.</summary>
    Anonymous,

    /// <summary>SASL PLAIN with a user and password (a plain AMQP 1.0 broker such as RabbitMQ).</summary>
    UserPassword,

    /// <summary>Service Bus shared access key: SASL PLAIN with the key name as user and the key as password.</summary>
    SharedAccessKey,

    /// <summary>Service Bus with an Entra token: SASL ANONYMOUS, then a <c>jwt</c> put on the <c>$cbs</c> node and renewed before expiry.</summary>
    EntraToken,
}
