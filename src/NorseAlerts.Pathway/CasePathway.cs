using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway;

/// <summary>
/// The clinical core: <c>Decide(state, signal, now) -> (state, effects)</c>. Pure: no clock, no I/O, no
/// randomness, so the embedded runtime, an Azure orchestrator replaying its history and a unit test all
/// get the same answer from the same inputs.
/// </summary>
/// <remarks>
/// A case's conditions are re-derived from its events sorted by clinical time at <c>now</c>, then
/// reconciled with its alerts: a condition that holds with no open alert raises one; an open alert whose
/// condition stopped holding is resolved without a page. Escalation and acknowledgement move the alert
/// along the chain; timers in the state tell the host when to call again.
/// The class is split by facet, one file each: this one (decide and merge), <c>.Lifecycle</c> (hold, open,
/// close, refreeze), <c>.Alerts</c> (conditions reconciled with alerts), <c>.Escalation</c> (the chain and
/// acknowledgements) and <c>.Timers</c> (the wake-ups the host must deliver).
/// </remarks>
public sealed partial class CasePathway
{
    private readonly ProtocolCatalog catalog;
    private readonly PathwayOptions options;

    /// <summary>A pathway over the given protocols and settings; fails fast on an unknown default protocol.</summary>
    public CasePathway(ProtocolCatalog catalog, PathwayOptions options)
    {
        this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        _ = catalog.Get(options.Protocol);
        if (options.AckTimeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException("AckTimeout must be positive", nameof(options));
        }
    }

    /// <summary>The protocols known to this pathway.</summary>
    public ProtocolCatalog Catalog => catalog;

    /// <summary>Applies one signal to a case at <paramref name="now"/>.</summary>
    /// <param name="state">The patient's current case (the latest one, closed or not).</param>
    /// <param name="signal">What happened.</param>
    /// <param name="now">The host's clock.</param>
    /// <param name="earlierCase">
    /// Reads one of the patient's earlier cases by its id, so an event dated within an earlier episode joins that case
    /// (<see cref="Decision.Earlier"/>). Without it, or when it finds nothing, such an event is kept aside in the current
    /// case and never applied: an earlier episode's event never meets a deadline of the current one.
    /// </param>
    public Decision Decide(CaseState state, Signal signal, DateTimeOffset now, Func<string, CaseState?>? earlierCase = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(signal);
        var effects = new List<Effect>();
        var earlier = new List<Decision>();
        var next = signal switch
        {
            EventSignal e => OnEvents(state, [e.Event], now, earlierCase, effects, earlier),
            EventBatch b => OnEvents(state, b.Events, now, earlierCase, effects, earlier),
            Tick => ReleaseDue(state.Status == CaseStatus.Active ? Reconcile(state, now, effects) : state, now, effects),
            Acknowledge a => OnAcknowledge(state, a, now, effects),
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal.GetType().Name, "unknown signal"),
        };
        var decision = Decided(state, next, effects);
        return earlier.Count == 0 ? decision : decision with { Earlier = earlier };
    }

    private static Decision Decided(CaseState before, CaseState next, List<Effect> effects)
    {
        var changed = effects.Count > 0
            || next.Stage != before.Stage
            || next.NextDeadline != before.NextDeadline
            || !next.Deadlines.SequenceEqual(before.Deadlines);
        return new Decision(changed ? next with { Revision = before.Revision + 1 } : before, effects);
    }

    /// <summary>
    /// Folds the events of a merged-away patient (<paramref name="from"/>) into <paramref name="into"/>.
    /// Returns both decisions: the target with the events applied, and the source closed as merged.
    /// </summary>
    /// <remarks>
    /// The events are applied as one batch, so the target is reconciled once with all of them: a merge
    /// never pages for a condition that a later event of the same merge disproves.
    /// </remarks>
    /// <param name="into">The surviving patient's current case.</param>
    /// <param name="from">The merged-away patient's current case.</param>
    /// <param name="now">The host's clock.</param>
    /// <param name="earlierCase">Reads the survivor's earlier cases by id, as in <see cref="Decide"/>.</param>
    public (Decision Into, Decision From) Merge(CaseState into, CaseState from, DateTimeOffset now, Func<string, CaseState?>? earlierCase = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(from);
        var moved = from.Events.Where(e => !into.Has(e)).Select(e => e with { Subject = into.PatientKey }).ToList();
        var target = moved.Count == 0 ? new Decision(into, []) : Decide(into, new EventBatch(moved), now, earlierCase);

        if (from.Status == CaseStatus.Closed)
        {
            return (target, new Decision(from, []));
        }

        var sourceEffects = new List<Effect> { new EventsMerged(from.CaseId, into.CaseId, moved.Count) };
        var closed = Close(from, "merged into another patient record", now, now, sourceEffects);
        return (target, new Decision(closed with { Revision = from.Revision + 1 }, sourceEffects));
    }
}
