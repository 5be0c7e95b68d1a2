namespace NorseAlerts.Messaging;

/// <summary>How the AMQPNetLite connection authenticates to a plain AMQP 1.0 broker.</summary>
public enum AmqpAuthentication
{
    /// <summary>SASL ANONYMOUS, for a broker that allows it.</summary>
    Anonymous,

    /// <summary>SASL PLAIN with a user and password (a plain AMQP 1.0 broker such as RabbitMQ).</summary>
    UserPassword,
}
