using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;

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
/// </remarks>
public sealed class Pathway
{
    private readonly ProtocolCatalog catalog;
    private readonly PathwayOptions options;

    /// <summary>A pathway over the given protocols and settings; fails fast on an unknown default protocol.</summary>
    public Pathway(ProtocolCatalog catalog, PathwayOptions options)
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
    public Decision Decide(CaseState state, Signal signal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(signal);
        var effects = new List<Effect>();
        var next = signal switch
        {
            EventSignal e => OnEvents(state, [e.Event], now, effects),
            EventBatch b => OnEvents(state, b.Events, now, effects),
            Tick => state.Status == CaseStatus.Active ? Reconcile(state, now, effects) : state,
            Acknowledge a => OnAcknowledge(state, a, now, effects),
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal.GetType().Name, "unknown signal"),
        };
        var changed = effects.Count > 0
            || next.Stage != state.Stage
            || next.NextDeadline != state.NextDeadline
            || !next.Deadlines.SequenceEqual(state.Deadlines);
        return new Decision(changed ? next with { Revision = state.Revision + 1 } : state, effects);
    }

    /// <summary>
    /// Folds the events of a merged-away patient (<paramref name="from"/>) into <paramref name="into"/>.
    /// Returns both decisions: the target with the events applied, and the source closed as merged.
    /// </summary>
    /// <remarks>
    /// The events are applied as one batch, so the target is reconciled once with all of them: a merge
    /// never pages for a condition that a later event of the same merge disproves.
    /// </remarks>
    public (Decision Into, Decision From) Merge(CaseState into, CaseState from, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(from);
        var moved = from.Events.Where(e => !into.Has(e)).Select(e => e with { Subject = into.PatientKey }).ToList();
        var target = moved.Count == 0 ? new Decision(into, []) : Decide(into, new EventBatch(moved), now);

        if (from.Status == CaseStatus.Closed)
        {
            return (target, new Decision(from, []));
        }

        var sourceEffects = new List<Effect> { new EventsMerged(from.CaseId, into.CaseId, moved.Count) };
        var closed = Close(from, "merged into another patient record", now, now, sourceEffects);
        return (target, new Decision(closed with { Revision = from.Revision + 1 }, sourceEffects));
    }

    private CaseState OnEvents(CaseState state, IEnumerable<ClinicalEvent> incoming, DateTimeOffset now, List<Effect> effects)
    {
        var applied = false;
        foreach (var e in incoming.Order(ClinicalEvent.ClinicalOrder))
        {
            if (state.Has(e))
            {
                continue;
            }

            if (state.Status == CaseStatus.Closed)
            {
                // Only a new onset after the closure starts a new case (the host sees CaseOpened with a new
                // id). An event dated before the closure joins the closed case's record, so its deadlines
                // read the same whichever arrived first; one dated after it stays aside. Neither raises
                // anything, and a stray measurement after discharge neither reopens nor wipes the case.
                if (e.Type != EventTypes.RseOnset || e.Time <= state.ClosedAt)
                {
                    effects.Add(new EventAfterClosure(e.Source, e.Id, e.Type));
                    state = e.Time <= state.ClosedAt
                        ? Refreeze(state with { Events = [.. state.Events.Append(e).Order(ClinicalEvent.ClinicalOrder)] })
                        : state with { LateEvents = [.. state.LateEvents, e] };
                    continue;
                }

                state = CaseState.New(state.PatientKey);
            }

            var events = state.Events.Append(e).Order(ClinicalEvent.ClinicalOrder).ToList();
            if (state.Status == CaseStatus.Pending)
            {
                if (e.Type != EventTypes.RseOnset)
                {
                    effects.Add(new EventHeld(e.Source, e.Id, e.Type));
                    state = state with { Events = events };
                    continue;
                }

                state = Open(state, e, effects);
            }

            effects.Add(new EventApplied(e.Source, e.Id, e.Type, e.Time));
            state = state with { Events = events };
            applied = true;

            // A closure takes effect as soon as it is applied, so later events of the same batch meet a
            // closed case exactly as they would if they arrived one by one.
            if (EventTypes.Closures.Contains(e.Type))
            {
                state = Reconcile(state, now, effects);
                applied = state.Status == CaseStatus.Active;
            }
        }

        return applied ? Reconcile(state, now, effects) : state;
    }

    private CaseState Open(CaseState pending, ClinicalEvent onset, List<Effect> effects)
    {
        var protocol = catalog.Get(options.Protocol);
        var caseId = Ids.Case(options.IdKey, pending.PatientKey, onset.Source, onset.Id);
        effects.Add(new CaseOpened(caseId, protocol.Name, protocol.Version, onset.Time));
        foreach (var held in pending.Events)
        {
            effects.Add(new EventApplied(held.Source, held.Id, held.Type, held.Time));
        }

        return pending with
        {
            CaseId = caseId,
            Status = CaseStatus.Active,
            ProtocolName = protocol.Name,
            ProtocolVersion = protocol.Version,
            ProtocolHash = protocol.Hash,
        };
    }

    private static CaseState OnAcknowledge(CaseState state, Acknowledge ack, DateTimeOffset now, List<Effect> effects)
    {
        var alert = state.Alerts.FirstOrDefault(a => a.AlertId == ack.AlertId);
        if (alert is null || alert.State != AlertState.Triggered)
        {
            return state;
        }

        effects.Add(new AlertAcknowledged(alert.AlertId, ack.By));
        var acknowledged = alert with { State = AlertState.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = ack.By, AckNote = ack.Note };
        var updated = state with { Alerts = [.. state.Alerts.Select(a => a.AlertId == alert.AlertId ? acknowledged : a)] };
        return WithTimers(updated, state.Timers.Where(t => t.Key != AckTimerKey(alert.AlertId)).ToList(), effects);
    }

    private CaseState Reconcile(CaseState state, DateTimeOffset now, List<Effect> effects)
    {
        var protocol = catalog.Get(state.ProtocolName!, state.ProtocolVersion!, state.ProtocolHash);
        var facts = CaseFacts.From(state.Events);
        state = state with { OnsetAt = facts.Onset!.Time };
        if (facts.Closure is { } closure)
        {
            return Close(state with { Deadlines = DeadlinesAt(state.Events, closure, protocol) }, ClosureReason(closure), closure.Time, now, effects);
        }

        var assessment = Assess(facts, protocol, now);
        var alerts = state.Alerts.ToList();

        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (alert.IsOpen && !assessment.Holding.Any(c => c.Kind == alert.Kind && c.InstanceKey == alert.InstanceKey))
            {
                var reason = assessment.ResolutionFor(alert.Kind, alert.InstanceKey) ?? "the condition no longer holds";
                alerts[i] = alert with { State = AlertState.Resolved, ResolvedAt = now, Resolution = reason };
                effects.Add(new AlertResolved(alert.AlertId, alert.Kind, reason));
            }
        }

        var chain = EscalationChain.From(protocol.Escalation, options.AckTimeout);
        foreach (var condition in assessment.Holding.OrderBy(c => protocol.Alerts.PageOrder(c.Kind)).ThenBy(c => c.InstanceKey, StringComparer.Ordinal))
        {
            var current = alerts.FindIndex(a => a.IsOpen && a.Kind == condition.Kind && a.InstanceKey == condition.InstanceKey);
            if (current >= 0)
            {
                alerts[current] = Refresh(alerts[current], condition, facts, protocol, effects);
                continue;
            }

            var occurrence = alerts.Count(a => a.Kind == condition.Kind && a.InstanceKey == condition.InstanceKey) + 1;
            var alert = new Alert
            {
                AlertId = Ids.Alert(state.CaseId!, condition.Kind, condition.InstanceKey, occurrence),
                CaseId = state.CaseId!,
                Kind = condition.Kind,
                InstanceKey = condition.InstanceKey,
                Occurrence = occurrence,
                Severity = protocol.Alerts.SeverityOf(condition.Kind),
                Level = 1,
                Repeat = 0,
                RecipientRole = chain.RoleAt(1),
                State = AlertState.Triggered,
                RaisedAt = now,
                DueAt = condition.DueAt,
                Message = condition.Message,
                Recommendations = Recommendations.For(condition, facts, protocol),
                LastPagedAt = now,
            };
            alerts.Add(alert);
            effects.Add(new AlertRaised(alert.AlertId, alert.Kind, alert.RecipientRole));
            effects.Add(new PageSent(new Page(Page.IdFor(alert.AlertId, 1, 0), alert)));
        }

        Escalate(alerts, chain, now, effects);

        var timers = assessment.WakeUps.ToList();
        timers.AddRange(alerts
            .Where(a => a.State == AlertState.Triggered && !a.EscalationExhausted)
            .Select(a => new ScheduledTimer(AckTimerKey(a.AlertId), a.LastPagedAt + chain.AckTimeout)));

        var next = state with
        {
            Alerts = alerts,
            Deadlines = assessment.Deadlines,
            Stage = assessment.Stage,
            NextDeadline = assessment.Deadlines.Where(d => d.Status == DeadlineStatus.Pending).Select(d => (DateTimeOffset?)d.DueAt).Min(),
        };
        return WithTimers(next, timers, effects);
    }

    /// <summary>
    /// An open alert shows what its condition says now (a later event may change the reason, the due time
    /// or the dose), so the API and the next escalation page read the same whatever order events came in.
    /// No page goes out for the change itself.
    /// </summary>
    private static Alert Refresh(Alert alert, Condition condition, CaseFacts facts, Protocol protocol, List<Effect> effects)
    {
        var recommendations = Recommendations.For(condition, facts, protocol);
        if (alert.Message == condition.Message && alert.DueAt == condition.DueAt && alert.Recommendations.SequenceEqual(recommendations))
        {
            return alert;
        }

        effects.Add(new AlertUpdated(alert.AlertId, alert.Kind));
        return alert with { Message = condition.Message, DueAt = condition.DueAt, Recommendations = recommendations };
    }

    private static void Escalate(List<Alert> alerts, EscalationChain chain, DateTimeOffset now, List<Effect> effects)
    {
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (alert.State != AlertState.Triggered || alert.EscalationExhausted || now < alert.LastPagedAt + chain.AckTimeout)
            {
                continue;
            }

            if (chain.Next(alert.Level, alert.Repeat) is not { } step)
            {
                alerts[i] = alert with { EscalationExhausted = true };
                effects.Add(new EscalationExhausted(alert.AlertId));
                continue;
            }

            var escalated = alert with { Level = step.Level, Repeat = step.Repeat, RecipientRole = chain.RoleAt(step.Level), LastPagedAt = now };
            alerts[i] = escalated;
            effects.Add(new AlertEscalated(escalated.AlertId, escalated.Level, escalated.Repeat, escalated.RecipientRole));
            effects.Add(new PageSent(new Page(Page.IdFor(escalated.AlertId, escalated.Level, escalated.Repeat), escalated)));
        }
    }

    private static Assessment Assess(CaseFacts facts, Protocol protocol, DateTimeOffset now)
    {
        var result = new Assessment();
        FirstLineWindow.Apply(facts, protocol, now, result);
        ResponseCheck.Apply(facts, protocol, now, result);
        SecondLineRecommendation.Apply(facts, protocol, now, result);
        SecondLineDoses.Apply(facts, protocol, now, result);
        SuperRefractory.Apply(facts, protocol, now, result);
        CaseStage.Apply(facts, protocol, now, result);
        return result;
    }

    /// <summary>
    /// Deadlines frozen as they stood at the closure's clinical time, so a backdated closure reads the same
    /// whatever was ticked before it arrived. <see cref="Close"/> marks the pending ones cancelled.
    /// </summary>
    private static List<Deadline> DeadlinesAt(IReadOnlyList<ClinicalEvent> events, ClinicalEvent closure, Protocol protocol)
    {
        var untilClosure = events.TakeWhile(e => ClinicalEvent.ClinicalOrder.Compare(e, closure) <= 0).ToList();
        return Assess(CaseFacts.From(untilClosure), protocol, closure.Time).Deadlines;
    }

    /// <summary>Re-reads a closed case after an event dated before its closure joined it; raises nothing.</summary>
    private CaseState Refreeze(CaseState closed)
    {
        var facts = CaseFacts.From(closed.Events);
        if (closed.ProtocolName is null || facts.Closure is not { } closure)
        {
            // Closed by a merge, not by a clinical event: nothing to re-read.
            return closed;
        }

        var protocol = catalog.Get(closed.ProtocolName, closed.ProtocolVersion!, closed.ProtocolHash);
        return closed with
        {
            OnsetAt = facts.Onset!.Time,
            ClosedAt = closure.Time,
            ClosureReason = ClosureReason(closure),
            Deadlines = [.. DeadlinesAt(closed.Events, closure, protocol).Select(Cancelled)],
        };
    }

    private static Deadline Cancelled(Deadline d) => d.Status == DeadlineStatus.Pending ? d with { Status = DeadlineStatus.Cancelled } : d;

    private static CaseState Close(CaseState state, string reason, DateTimeOffset closedAt, DateTimeOffset now, List<Effect> effects)
    {
        var alerts = state.Alerts.Select(a =>
        {
            if (!a.IsOpen)
            {
                return a;
            }

            effects.Add(new AlertResolved(a.AlertId, a.Kind, "case closed: " + reason));
            return a with { State = AlertState.Resolved, ResolvedAt = now, Resolution = "case closed: " + reason };
        }).ToList();
        if (state.CaseId is { } caseId)
        {
            effects.Add(new CaseClosed(caseId, reason));
        }

        var closed = state with
        {
            Status = CaseStatus.Closed,
            ClosedAt = closedAt,
            ClosureReason = reason,
            Alerts = alerts,
            Stage = Stages.Closed,
            NextDeadline = null,
            Deadlines = [.. state.Deadlines.Select(Cancelled)],
        };
        return WithTimers(closed, [], effects);
    }

    private static CaseState WithTimers(CaseState state, List<ScheduledTimer> timers, List<Effect> effects)
    {
        var ordered = timers.OrderBy(t => t.DueAt).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var old in state.Timers.Where(o => !ordered.Any(t => t.Key == o.Key)))
        {
            effects.Add(new TimerCancelled(old.Key));
        }

        foreach (var t in ordered.Where(t => !state.Timers.Contains(t)))
        {
            effects.Add(new TimerSet(t.Key, t.DueAt));
        }

        return state with { Timers = ordered };
    }

    private static string ClosureReason(ClinicalEvent closure) => closure.Type switch
    {
        EventTypes.EtiologyIdentified => "etiology identified",
        EventTypes.NorseRuledOut => "NORSE ruled out",
        EventTypes.PatientDischarged => "patient discharged",
        EventTypes.PatientDeceased => "patient deceased",
        _ => closure.Type,
    };

    private static string AckTimerKey(string alertId) => "ack:" + alertId;
}
