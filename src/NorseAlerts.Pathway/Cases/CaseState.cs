using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Cases;

/// <summary>
/// Everything the pathway knows about one patient's case. Immutable: <see cref="CasePathway.Decide"/> returns
/// a new one. Serialisable with <see cref="PathwayJson.Options"/> so hosts can store it as a document.
/// </summary>
public sealed record CaseState
{
    /// <summary>The patient key (PHI: stored, never logged).</summary>
    public required string PatientKey { get; init; }

    /// <summary>Assigned when the onset opens the case; null while events are held.</summary>
    public string? CaseId { get; init; }

    /// <summary>Pending (events held, no onset yet), active or closed.</summary>
    public required CaseStatus Status { get; init; }

    /// <summary>The protocol the case pinned at onset.</summary>
    public string? ProtocolName { get; init; }

    /// <summary>The version of the protocol the case pinned when it opened.</summary>
    public string? ProtocolVersion { get; init; }

    /// <summary>
    /// The content hash of the protocol the case pinned (<see cref="Protocols.Protocol.Hash"/>); null for cases
    /// opened before hashes were recorded. The case's deadlines are computed from that content only.
    /// </summary>
    public string? ProtocolHash { get; init; }

    /// <summary>T0: the clinical onset time of RSE.</summary>
    public DateTimeOffset? OnsetAt { get; init; }

    /// <summary>Clinical time of the closure event.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Why the case closed (the closure event, or a merge); null while it is open.</summary>
    public string? ClosureReason { get; init; }

    /// <summary>Every event, sorted by <see cref="ClinicalEvent.ClinicalOrder"/>.</summary>
    public required IReadOnlyList<ClinicalEvent> Events { get; init; }

    /// <summary>Events that arrived for the closed case dated after its closure: kept for the audit, never applied.</summary>
    public IReadOnlyList<ClinicalEvent> LateEvents { get; init; } = [];

    /// <summary>
    /// The patient's case this one followed: it closed before this case's onset. An event dated at or before its
    /// closure (<see cref="EarlierClosedAt"/>) belongs to that episode and joins that case, not this one.
    /// </summary>
    public string? EarlierCaseId { get; init; }

    /// <summary>The clinical closure time of <see cref="EarlierCaseId"/> when this case opened.</summary>
    public DateTimeOffset? EarlierClosedAt { get; init; }

    /// <summary>Every alert ever raised for the case, open and resolved.</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>Wake-ups the host must deliver, earliest first.</summary>
    public required IReadOnlyList<ScheduledTimer> Timers { get; init; }

    /// <summary>The case's clinical deadlines with their due times and status, as the API shows them.</summary>
    public required IReadOnlyList<Deadline> Deadlines { get; init; }

    /// <summary>A short name for where the patient is on the pathway.</summary>
    public required Stage Stage { get; init; }

    /// <summary>Earliest pending clinical deadline.</summary>
    public DateTimeOffset? NextDeadline { get; init; }

    /// <summary>Incremented by every decision that changed the state.</summary>
    public long Revision { get; init; }

    /// <summary>The state of a patient the pathway has not heard of yet.</summary>
    public static CaseState New(string patientKey) => new()
    {
        PatientKey = patientKey,
        Status = CaseStatus.Pending,
        Events = [],
        Alerts = [],
        Timers = [],
        Deadlines = [],
        Stage = Stage.AwaitingOnset,
    };

    /// <summary>The earliest timer, if any: the next time the host must wake the case.</summary>
    public DateTimeOffset? NextWakeAt => Timers.Count == 0 ? null : Timers.Min(t => t.DueAt);

    /// <summary>Whether an event with this idempotency key is already part of the case.</summary>
    public bool Has(ClinicalEvent e) => Events.Any(x => x.Key == e.Key) || LateEvents.Any(x => x.Key == e.Key);
}
