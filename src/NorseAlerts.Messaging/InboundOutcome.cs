namespace NorseAlerts.Messaging;

/// <summary>
/// What became of an inbound message, decided by <see cref="IInboundMessageHandler"/> after its effects are
/// committed. The listener settles accordingly: accept, reject (dead-letter) or release (redeliver).
/// </summary>
public abstract record InboundOutcome
{
    private InboundOutcome()
    {
    }

    /// <summary>Committed (or a duplicate of something committed): the message is accepted and gone.</summary>
    public sealed record Accepted : InboundOutcome;

    /// <summary>Invalid and never going to be valid: rejected so the broker dead-letters it with this reason.</summary>
    /// <param name="Reason">Short machine-readable reason, e.g. <c>validation-failed</c>.</param>
    /// <param name="Description">What is wrong, e.g. the bad fields; no patient data.</param>
    public sealed record Rejected(string Reason, string Description) : InboundOutcome;

    /// <summary>Could not be processed now (store busy, shutting down): released for redelivery.</summary>
    /// <param name="Error">Why, for the log.</param>
    public sealed record Transient(string Error) : InboundOutcome;
}
