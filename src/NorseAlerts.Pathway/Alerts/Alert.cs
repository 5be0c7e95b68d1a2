namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// One alert: a condition of the pathway that holds, paged up the escalation chain until someone
/// acknowledges it or the condition stops holding. Its <see cref="AlertId"/> never changes; <see cref="Level"/> rises.
/// </summary>
public sealed record Alert
{
    public required string AlertId { get; init; }
    public required string CaseId { get; init; }
    public required AlertKind Kind { get; init; }

    /// <summary>Distinguishes instances of one kind in a case, e.g. <c>rituximab#2</c> for the second dose.</summary>
    public required string InstanceKey { get; init; }

    /// <summary>1 for the first alert of this kind and instance; higher when the condition returns after resolution.</summary>
    public required int Occurrence { get; init; }

    public required string Severity { get; init; }

    /// <summary>Escalation level, 1-based.</summary>
    public required int Level { get; init; }

    /// <summary>How many times the last level has been paged again.</summary>
    public required int Repeat { get; init; }

    public required string RecipientRole { get; init; }
    public required AlertState State { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>The clinical deadline the alert is about, when it has one.</summary>
    public DateTimeOffset? DueAt { get; init; }

    public required string Message { get; init; }
    public required IReadOnlyList<Recommendation> Recommendations { get; init; }

    /// <summary>When the current level was paged; the ack timeout counts from here.</summary>
    public required DateTimeOffset LastPagedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public string? AckNote { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Why it was resolved, e.g. that first line started late.</summary>
    public string? Resolution { get; init; }

    /// <summary>True once the last level has been repeated as often as the chain allows.</summary>
    public bool EscalationExhausted { get; init; }

    /// <summary>Whether it still demands attention.</summary>
    public bool IsOpen => State != AlertState.Resolved;
}
