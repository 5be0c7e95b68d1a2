using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;

namespace NorseAlerts.Pathway;

/// <summary>The life of a case: events held until an onset opens it, applied while it is active, and its closure.</summary>
public sealed partial class CasePathway
{
    private CaseState OnEvents(
        CaseState state,
        IReadOnlyList<ClinicalEvent> incoming,
        DateTimeOffset now,
        Func<string, CaseState?>? earlierCase,
        List<Effect> effects,
        List<Decision> earlier)
    {
        var original = state;
        var applied = false;
        foreach (var e in ToEarlierEpisode(ref state, incoming, now, earlierCase, effects, earlier).Order(ClinicalEvent.ClinicalOrder))
        {
            if (state.Has(e))
            {
                continue;
            }

            if (state.Status == CaseStatus.Closed && Revokes(state, e))
            {
                state = Reopened(state, e, effects);
                applied = true;
                continue;
            }

            if (state.Status == CaseStatus.Closed)
            {
                // Only a new onset after the closure starts a new case (the host sees CaseOpened with a new
                // id). An event dated before the closure joins the closed case's record, so its deadlines
                // read the same whichever arrived first; one dated after it stays aside. Neither raises
                // anything, and a stray measurement after discharge neither reopens nor wipes the case.
                // A retraction joins the record whenever it is dated: it is about an event already there.
                if (e.Type != EventTypes.RseOnset || e.Time <= state.ClosedAt)
                {
                    effects.Add(new EventAfterClosure(e.Source, e.Id, e.Type));
                    state = e.Time <= state.ClosedAt || e.Type == EventTypes.EnteredInError
                        ? Refreeze(state with { Events = [.. state.Events.Append(e).Order(ClinicalEvent.ClinicalOrder)] })
                        : state with { LateEvents = [.. state.LateEvents, e] };
                    continue;
                }

                // The closed case is handed back as it stands (with what this signal added to it), for the host to keep.
                // Its events dated at or after the new onset arrived before it (a dose given before the diagnosis was
                // coded): they belong to the new episode and are applied with the onset, as held events are; the closed
                // case keeps them in its record of what arrived after it closed.
                earlier.Add(Decided(original, state, [.. effects]));
                effects.Clear();
                state = CaseState.New(state.PatientKey) with
                {
                    EarlierCaseId = state.CaseId,
                    EarlierClosedAt = state.ClosedAt,
                    Events = [.. state.LateEvents.Where(x => x.Time >= e.Time && x.Type != EventTypes.RseOnset).Order(ClinicalEvent.ClinicalOrder)],
                };
                original = state;
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

    /// <summary>
    /// Hands the events dated at or before the closure of the case this one followed to that case, so an earlier
    /// episode's event (a first-line start the integration engine sends late, say) joins its own record and never meets a
    /// deadline of this one. Returns the events left for this case. When the earlier case cannot be read, such an event
    /// is kept aside in this case, never applied.
    /// </summary>
    private IReadOnlyList<ClinicalEvent> ToEarlierEpisode(
        ref CaseState state,
        IReadOnlyList<ClinicalEvent> incoming,
        DateTimeOffset now,
        Func<string, CaseState?>? earlierCase,
        List<Effect> effects,
        List<Decision> earlier)
    {
        if (state.EarlierClosedAt is not { } closedAt)
        {
            return incoming;
        }

        // A retraction goes where the event it names is: to the earlier case when this one does not hold that event.
        var current = state;
        var before = incoming
            .Where(e => !current.Has(e) && (e.Time <= closedAt || (e.Type == EventTypes.EnteredInError && !current.Events.Any(x => x.IsRetractedBy(e)))))
            .ToList();
        if (before.Count == 0)
        {
            return incoming;
        }

        if (state.EarlierCaseId is { } id && earlierCase?.Invoke(id) is { Status: CaseStatus.Closed } previous)
        {
            var decision = Decide(previous, new EventBatch(before), now, earlierCase);
            earlier.AddRange(decision.Earlier);
            earlier.Add(decision with { Earlier = [] });
        }
        else
        {
            foreach (var e in before)
            {
                effects.Add(new EventAfterClosure(e.Source, e.Id, e.Type));
            }

            state = state with { LateEvents = [.. state.LateEvents, .. before] };
        }

        return [.. incoming.Except(before)];
    }

    /// <summary>
    /// Whether <paramref name="e"/>, arriving for a closed case, revokes the closure: a discharge cancellation dated at or
    /// after the discharge that closed it (one dated before the closure cannot be about that discharge), or the retraction
    /// of the closing event as entered in error.
    /// </summary>
    private static bool Revokes(CaseState closed, ClinicalEvent e)
    {
        var about = e.Type == EventTypes.EnteredInError || (e.Type == EventTypes.DischargeCancelled && e.Time >= closed.ClosedAt);
        if (!about || closed.ProtocolName is null)
        {
            return false;
        }

        var closure = CaseFacts.From(closed.Events).Closure;
        var after = CaseFacts.From([.. closed.Events.Append(e).Order(ClinicalEvent.ClinicalOrder)]).Closure;
        return closure is not null && !ReferenceEquals(closure, after);
    }

    /// <summary>
    /// The case open again: the cancellation and the events that arrived while it was closed join its timeline; the
    /// reconciliation that follows reads its deadlines and alerts afresh (and closes it again if another closure stands).
    /// </summary>
    private static CaseState Reopened(CaseState closed, ClinicalEvent cancellation, List<Effect> effects)
    {
        var reason = cancellation.Type == EventTypes.EnteredInError ? "its closure was entered in error" : "the discharge was cancelled";
        effects.Add(new CaseReopened(closed.CaseId!, reason));
        foreach (var e in closed.LateEvents.Append(cancellation))
        {
            effects.Add(new EventApplied(e.Source, e.Id, e.Type, e.Time));
        }

        return closed with
        {
            Status = CaseStatus.Active,
            ClosedAt = null,
            ClosureReason = null,
            Events = [.. closed.Events.Concat(closed.LateEvents).Append(cancellation).Order(ClinicalEvent.ClinicalOrder)],
            LateEvents = [],
        };
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

    /// <summary>
    /// Deadlines frozen as they stood at the closure's clinical time, so a backdated closure reads the same
    /// whatever was ticked before it arrived. <see cref="Close"/> marks the pending ones cancelled.
    /// </summary>
    private static List<Deadline> DeadlinesAt(IReadOnlyList<ClinicalEvent> events, ClinicalEvent closure, Protocol protocol)
    {
        // A retraction counts whenever it is dated: it says an event up to the closure never happened.
        var untilClosure = events.Where(e => ClinicalEvent.ClinicalOrder.Compare(e, closure) <= 0 || e.Type == EventTypes.EnteredInError).ToList();
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

        // A version retired once no active case pinned it cannot re-read the deadlines of a closed case: they stay as
        // frozen at its closure, and the event still joins its record.
        var deadlines = catalog.Contains(closed.ProtocolName, closed.ProtocolVersion!)
            ? [.. DeadlinesAt(closed.Events, closure, catalog.Get(closed.ProtocolName, closed.ProtocolVersion!, closed.ProtocolHash)).Select(Cancelled)]
            : closed.Deadlines;
        return closed with
        {
            OnsetAt = facts.Onset!.Time,
            ClosedAt = closure.Time,
            ClosureReason = ClosureReason(closure),
            Deadlines = deadlines,
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
            Stage = Stage.Closed,
            NextDeadline = null,
            Deadlines = [.. state.Deadlines.Select(Cancelled)],
        };
        return WithTimers(closed, [], effects);
    }

    private static string ClosureReason(ClinicalEvent closure) => closure.Type switch
    {
        EventTypes.EtiologyIdentified => "etiology identified",
        EventTypes.NorseRuledOut => "NORSE ruled out",
        EventTypes.PatientDischarged => "patient discharged",
        EventTypes.PatientDeceased => "patient deceased",
        _ => closure.Type,
    };
}
