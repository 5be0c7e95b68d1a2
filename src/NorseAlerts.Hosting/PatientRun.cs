using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// What a per-patient orchestration carries from one execution to the next (its start input and its
/// <c>ContinueAsNew</c> input): the case, the pages decided but not yet confirmed sent, and the signal it was
/// started with. Everything a host needs to resume the loop without its history.
/// </summary>
/// <param name="State">The case.</param>
/// <param name="Unsent">Pages decided but not yet published, oldest first.</param>
/// <param name="Signals">Signals applied since the last start or restart.</param>
/// <param name="PublishRetryAt">When to try the unsent pages again after a failed publish; null when none failed.</param>
/// <param name="First">The signal the instance was started with, applied before waiting for more.</param>
public sealed record PatientRun(
    CaseState State,
    IReadOnlyList<Page> Unsent,
    int Signals,
    DateTimeOffset? PublishRetryAt,
    RaisedSignal? First)
{
    /// <summary>How many receipts a run keeps: enough for the hosts waiting on recent deliveries.</summary>
    public const int ReceiptsKept = 64;

    /// <summary>Signals owed to other patients' instances (merge requests, handovers, forwards), oldest first.</summary>
    public IReadOnlyList<RoutedSignal> Outgoing { get; init; } = [];

    /// <summary>
    /// Merge requests sent and not yet answered by a handover, asked again at <see cref="AskAgainAt"/>: the
    /// conversation between two instances is at-least-once, so a signal lost on the way delays a merge, never loses it.
    /// </summary>
    public IReadOnlyList<RoutedSignal> Asked { get; init; } = [];

    /// <summary>When to send the unanswered merge requests again; null when none waits.</summary>
    public DateTimeOffset? AskAgainAt { get; init; }

    /// <summary>
    /// Set once this patient's record was merged into another: the case is closed and every later event is
    /// forwarded to the surviving instance (the alias a late event for the old patient key follows).
    /// </summary>
    public MergeRequest? MergedInto { get; init; }

    /// <summary>What the loop did with the most recent delivered signals, oldest first.</summary>
    public IReadOnlyList<DeliveryReceipt> Receipts { get; init; } = [];

    /// <summary>How many dropped held events a run remembers, so their resends stay duplicates.</summary>
    public const int DroppedHeldKept = 1024;

    /// <summary>The keys (source and id) of held events dropped at their expiry, most recent last.</summary>
    public IReadOnlyList<string> DroppedHeld { get; init; } = [];

    /// <summary>When each event held for a patient with no case arrived and expires, so the loop wakes to drop it.</summary>
    public IReadOnlyList<HeldArrival> Held { get; init; } = [];

    /// <summary>
    /// The patient's earlier cases, oldest first: each closed case that a new onset replaced as <see cref="State"/>,
    /// with the events of its episode that arrived later. They stay readable (the case, its timeline and its alerts),
    /// as the embedded host keeps every case it opened.
    /// </summary>
    public IReadOnlyList<CaseState> Earlier { get; init; } = [];

    /// <summary>One of <see cref="Earlier"/> by case id, or null: what the pathway reads when an event belongs to an earlier episode.</summary>
    public CaseState? EarlierCase(string caseId) => Earlier.LastOrDefault(c => c.CaseId == caseId);

    /// <summary>Every case of the patient, earlier cases first, then the current one unless no onset has opened it yet.</summary>
    public IEnumerable<CaseState> Cases() => State.CaseId is null ? Earlier : Earlier.Append(State);

    /// <summary>Whether the patient's record (the current case, its held events, or an earlier case) holds <paramref name="clinicalEvent"/>.</summary>
    public bool Has(ClinicalEvent clinicalEvent) => State.Has(clinicalEvent) || Earlier.Any(c => c.Has(clinicalEvent));

    /// <summary>
    /// The input of a new instance: the case of a finished instance when there is one (so a closed case keeps its
    /// timeline and late events) with the cases before it (<paramref name="earlier"/>), else a new case for the
    /// patient of <paramref name="first"/>.
    /// </summary>
    public static PatientRun Start(string patientKey, RaisedSignal first, CaseState? previous, IReadOnlyList<CaseState>? earlier = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientKey);
        ArgumentNullException.ThrowIfNull(first);
        if (previous is not null && previous.PatientKey != patientKey)
        {
            throw new ArgumentException("the previous case belongs to another patient", nameof(previous));
        }

        return new PatientRun(previous ?? CaseState.New(patientKey), [], 0, null, first) { Earlier = previous is null ? [] : earlier ?? [] };
    }
}
