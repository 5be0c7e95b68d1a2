namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// One alert: a condition of the pathway that holds, paged up the escalation chain until someone
/// acknowledges it or the condition stops holding. Its <see cref="AlertId"/> never changes; <see cref="Level"/> rises.
/// </summary>
public sealed record Alert
{
    /// <summary>Stable id of the alert, derived from its case, kind, instance and occurrence; never changes as the level rises.</summary>
    public required string AlertId { get; init; }

    /// <summary>The case the alert belongs to.</summary>
    public required string CaseId { get; init; }

    /// <summary>The alert kind, e.g. <c>first-line-overdue</c>.</summary>
    public required AlertKind Kind { get; init; }

    /// <summary>Distinguishes instances of one kind in a case, e.g. <c>rituximab#2</c> for the second dose.</summary>
    public required string InstanceKey { get; init; }

    /// <summary>1 for the first alert of this kind and instance; higher when the condition returns after resolution.</summary>
    public required int Occurrence { get; init; }

    /// <summary>The severity the case's protocol gives the kind (<c>critical</c>, <c>high</c> or <c>warning</c>).</summary>
    public required string Severity { get; init; }

    /// <summary>Escalation level, 1-based.</summary>
    public required int Level { get; init; }

    /// <summary>How many times the last level has been paged again.</summary>
    public required int Repeat { get; init; }

    /// <summary>The on-call role paged at the current level (the paging gateway maps it to a person).</summary>
    public required string RecipientRole { get; init; }

    /// <summary><c>triggered</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public required AlertState State { get; init; }

    /// <summary>When the alert was raised (the pathway's now, not a clinical time).</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>The clinical deadline the alert is about, when it has one.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>What holds, in words a clinician reads on the page.</summary>
    public required string Message { get; init; }

    /// <summary>What the protocol recommends for this alert, each with its source.</summary>
    public required IReadOnlyList<Recommendation> Recommendations { get; init; }

    /// <summary>When the current level was paged; the ack timeout counts from here.</summary>
    public required DateTimeOffset LastPagedAt { get; init; }

    /// <summary>When someone acknowledged the alert; null until then.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who acknowledged it, as they gave it.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>The acknowledger's note, if any.</summary>
    public string? AckNote { get; init; }

    /// <summary>When the condition stopped holding (or the case closed); null while open.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Why it was resolved, e.g. that first line started late.</summary>
    public string? Resolution { get; init; }

    /// <summary>True once the last level has been repeated as often as the chain allows.</summary>
    public bool EscalationExhausted { get; init; }

    /// <summary>Whether it still demands attention.</summary>
    public bool IsOpen => State != AlertState.Resolved;
}
