namespace NorseAlerts.Functions;

/// <summary>A queue message NorseAlerts cannot use; thrown so Service Bus dead-letters it after its retries.</summary>
public sealed class RejectedMessageException : Exception
{
    /// <summary>An empty rejection.</summary>
    public RejectedMessageException()
    {
    }

    /// <summary>A rejection saying why (field names, never values).</summary>
    public RejectedMessageException(string message)
        : base(message)
    {
    }

    /// <summary>A rejection with its cause.</summary>
    public RejectedMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
