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

    /// <summary>
    /// True when what no longer held is only that the event was new: the inbox already had it. The event was sent
    /// twice (a resend of one committed before, or two copies decided at once), and deciding it again answers it as a
    /// duplicate; no other commit changed what the decision read.
    /// </summary>
    public bool Resent { get; private init; }

    /// <summary>The refusal of an event taken as new that the inbox already holds (see <see cref="Resent"/>).</summary>
    internal static WriteConflictException ForResentEvent() =>
        new("The event was already received; it was not written and will be answered as a duplicate.") { Resent = true };

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WriteConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
