namespace NorseAlerts.Messaging;

/// <summary>A page was not accepted by the broker; the outbox keeps it and retries.</summary>
public sealed class AlertPublishException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlertPublishException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AlertPublishException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AlertPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the page <paramref name="messageId"/>.</summary>
    public AlertPublishException(string messageId, string reason, Exception innerException)
        : base($"page {messageId} not published: {reason}", innerException)
    {
        MessageId = messageId;
    }

    /// <summary>The page's message id, when known.</summary>
    public string? MessageId { get; }
}
