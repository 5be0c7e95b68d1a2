using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Pathway.Cases;

/// <summary>
/// One consequence of a decision. Hosts carry out <see cref="PageSent"/> and the timer effects; every
/// effect also goes to the audit trail, so each state change is explained there.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "effect")]
[JsonDerivedType(typeof(EventHeld), "event-held")]
[JsonDerivedType(typeof(EventApplied), "event-applied")]
[JsonDerivedType(typeof(EventAfterClosure), "event-after-closure")]
[JsonDerivedType(typeof(CaseOpened), "case-opened")]
[JsonDerivedType(typeof(CaseClosed), "case-closed")]
[JsonDerivedType(typeof(CaseReopened), "case-reopened")]
[JsonDerivedType(typeof(TimerSet), "timer-set")]
[JsonDerivedType(typeof(TimerCancelled), "timer-cancelled")]
[JsonDerivedType(typeof(AlertRaised), "alert-raised")]
[JsonDerivedType(typeof(AlertEscalated), "alert-escalated")]
[JsonDerivedType(typeof(AlertAcknowledged), "alert-acknowledged")]
[JsonDerivedType(typeof(AlertResolved), "alert-resolved")]
[JsonDerivedType(typeof(EscalationExhausted), "escalation-exhausted")]
[JsonDerivedType(typeof(PageSent), "page")]
[JsonDerivedType(typeof(EventsMerged), "events-merged")]
[JsonDerivedType(typeof(AlertUpdated), "alert-updated")]
[JsonDerivedType(typeof(HeldEventExpired), "held-event-expired")]
public abstract record Effect
{
    /// <summary>A one-line description for the audit trail; never contains PHI.</summary>
    public abstract string Describe();
}

/// <summary>The event is held until an onset opens a case for the patient.</summary>
public sealed record EventHeld(string Source, string Id, string Type) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"held {Type} ({Source}/{Id}) until an onset arrives";
}

/// <summary>
/// A held event waited longer than the site's rule allows (<c>NorseAlerts:Held:ExpireAfter</c>) with no onset: it is
/// dropped, so a later onset does not pick it up. Decided by the hosts' shared rule, not by the pathway.
/// </summary>
public sealed record HeldEventExpired(string Source, string Id, string Type, TimeSpan After) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"dropped held {Type} ({Source}/{Id}): no onset within {After:c} of its arrival";
}

/// <summary>The event joined the case timeline.</summary>
public sealed record EventApplied(string Source, string Id, string Type, DateTimeOffset Time) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"applied {Type} ({Source}/{Id}) dated {Time:O}";
}

/// <summary>
/// The event arrived for a closed case and is not a new onset after it: it joins the case's record
/// (deadlines are re-read as they stood at the closure) but raises nothing.
/// </summary>
public sealed record EventAfterClosure(string Source, string Id, string Type) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"recorded {Type} ({Source}/{Id}) on a closed case; nothing raised";
}

/// <summary>An onset opened the case.</summary>
public sealed record CaseOpened(string CaseId, string Protocol, string Version, DateTimeOffset OnsetAt) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"case {CaseId} opened on protocol {Protocol} {Version}, onset {OnsetAt:O}";
}

/// <summary>
/// A cancellation revoked the discharge that closed the case: it is active again, the events that arrived while it was
/// closed are applied, and its deadlines and alerts are read afresh.
/// </summary>
public sealed record CaseReopened(string CaseId, string Reason) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"case {CaseId} reopened: {Reason}";
}

/// <summary>A closure event closed the case.</summary>
public sealed record CaseClosed(string CaseId, string Reason) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"case {CaseId} closed: {Reason}";
}

/// <summary>A timer was set or moved.</summary>
public sealed record TimerSet(string Key, DateTimeOffset DueAt) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"timer {Key} set for {DueAt:O}";
}

/// <summary>A timer is no longer needed.</summary>
public sealed record TimerCancelled(string Key) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"timer {Key} cancelled";
}

/// <summary>A new alert.</summary>
public sealed record AlertRaised(string AlertId, AlertKind Kind, string RecipientRole) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertId} ({Kind}) raised to {RecipientRole}";
}

/// <summary>No acknowledgement in time: the alert moved up (or repeated the last level).</summary>
public sealed record AlertEscalated(string AlertId, int Level, int Repeat, string RecipientRole) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertId} escalated to level {Level} repeat {Repeat} ({RecipientRole})";
}

/// <summary>Someone acknowledged the alert; the chain stops.</summary>
public sealed record AlertAcknowledged(string AlertId, string By) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertId} acknowledged by {By}";
}

/// <summary>The condition stopped holding (or the case closed).</summary>
public sealed record AlertResolved(string AlertId, AlertKind Kind, string Reason) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertId} ({Kind}) resolved: {Reason}";
}

/// <summary>The last level was paged as often as the chain allows, with no acknowledgement.</summary>
public sealed record EscalationExhausted(string AlertId) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertId}: escalation chain exhausted without acknowledgement";
}

/// <summary>A page to deliver exactly once per <see cref="Page.MessageId"/>.</summary>
public sealed record PageSent(Page Page) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"page {Page.MessageId} to {Page.Alert.RecipientRole}";
}

/// <summary>A patient record was merged into another: its events moved there and this record closed.</summary>
/// <param name="CaseId">The merged-away case, null when its events were still held.</param>
/// <param name="IntoCaseId">The surviving case, null when it has no onset yet.</param>
/// <param name="Count">How many events moved.</param>
public sealed record EventsMerged(string? CaseId, string? IntoCaseId, int Count) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"{Count} events moved from {CaseId ?? "held events"} to {IntoCaseId ?? "held events"} by a patient merge";
}

/// <summary>An open alert's message, due time or recommendations changed with the case's events; no page is sent for it.</summary>
public sealed record AlertUpdated(string AlertId, AlertKind Kind) : Effect
{
    /// <inheritdoc/>
    public override string Describe() => $"alert {AlertId} ({Kind}) updated to the case's current facts";
}
