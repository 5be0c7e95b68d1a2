namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// An optimistic transaction's reads no longer hold when the writer replays it (another commit changed a case,
/// an alias or the inbox it read): nothing of it was written, and its caller decides again.
/// </summary>
public sealed class WriteConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WriteConflictException()
        : base("Another commit changed what this work read; it was not written and will be decided again.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WriteConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WriteConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
