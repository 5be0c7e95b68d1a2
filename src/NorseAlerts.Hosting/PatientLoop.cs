using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// The decisions of a per-patient host loop (an Azure orchestration): when to wake, what a signal does to the
/// run, which pages are still owed, when to restart and when to stop. Pure, so the orchestrator that drives it
/// stays a translation and replays give the same answers.
/// </summary>
public sealed class PatientLoop
{
    private readonly CasePathway pathway;
    private readonly PatientLoopOptions options;
    private readonly HeldEventRule held;

    /// <summary>The loop's operational settings (publish retries), for the host that drives it.</summary>
    public PatientLoopOptions Options => options;

    /// <summary>
    /// A loop over <paramref name="pathway"/>; fails fast on unusable options. <paramref name="held"/> is the expiry
    /// rule of events held for a patient with no case (the default rule when null).
    /// </summary>
    public PatientLoop(CasePathway pathway, PatientLoopOptions options, HeldEventRule? held = null)
    {
        this.pathway = pathway ?? throw new ArgumentNullException(nameof(pathway));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        this.held = held ?? new HeldEventRule();
    }

    /// <summary>The expiry rule of held events, for the host that lists them.</summary>
    public HeldEventRule Held => held;

    /// <summary>
    /// The earliest of the case's timers, the expiry of a held event, the retry when pages or signals are owed after a
    /// failure, and the time to ask again for an unanswered merge.
    /// </summary>
    public static DateTimeOffset? NextWakeAt(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        DateTimeOffset?[] wakes =
        [
            run.State.NextWakeAt,
            run.Unsent.Count > 0 || run.Outgoing.Count > 0 ? run.PublishRetryAt : null,
            run.Asked.Count > 0 ? run.AskAgainAt : null,
            run.Held.Count > 0 ? run.Held.Min(h => h.ExpiresAt) : null,
        ];
        return wakes.Min();
    }

    /// <summary>
    /// The wake-up at <paramref name="now"/>: the case's timers fire, and merge requests still unanswered when
    /// <see cref="PatientRun.AskAgainAt"/> has come are sent again.
    /// </summary>
    public PatientStep Wake(PatientRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var step = Apply(run, new Tick(), now);
        if (run.Asked.Count == 0 || run.AskAgainAt > now)
        {
            return step;
        }

        return step with { Run = step.Run with { Outgoing = [.. step.Run.Outgoing, .. run.Asked], AskAgainAt = now + options.PublishRetryDelay } };
    }

    /// <summary>
    /// Applies <paramref name="signal"/> at <paramref name="now"/> and queues the pages it decided; with a
    /// <paramref name="delivery"/> token, records what became of the signal in <see cref="PatientRun.Receipts"/>.
    /// </summary>
    public PatientStep Apply(PatientRun run, Signal signal, DateTimeOffset now, string? delivery = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(signal);

        // Expired held events go before the signal is applied, so an onset arriving after the expiry never picks them up.
        var expiry = held.Expire(run.State, e => run.Held.FirstOrDefault(h => h.Source == e.Source && h.Id == e.Id)?.ArrivedAt, now);
        var dropped = expiry.Effects.OfType<HeldEventExpired>().Select(x => x.Source + "\u001f" + x.Id);
        run = run with { State = expiry.State, DroppedHeld = [.. run.DroppedHeld.Concat(dropped).TakeLast(PatientRun.DroppedHeldKept)] };

        // An event the patient's record holds (the current case or an earlier one), or a dropped held event sent again,
        // is a duplicate, as the embedded host's inbox answers it: it is neither held nor applied again.
        IReadOnlyList<ClinicalEvent> events = signal switch
        {
            EventSignal one => [one.Event],
            EventBatch batch => batch.Events,
            _ => [],
        };
        var duplicates = events.Where(e => run.DroppedHeld.Contains(e.Key) || run.Has(e)).Select(e => e.Key).ToList();
        var fresh = events.Where(e => !duplicates.Contains(e.Key)).ToList();
        var decision = events.Count > 0 && fresh.Count == 0 ? new Decision(run.State, [])
            : pathway.Decide(run.State, fresh.Count == events.Count ? signal : new EventBatch(fresh), now, run.EarlierCase);
        var receipt = delivery is null ? null : ReceiptOf(delivery, decision.State, duplicate: events.Count > 0 && duplicates.Count == events.Count);
        if (receipt is not null && signal is EventBatch)
        {
            receipt = receipt with { DuplicateEvents = duplicates };
        }

        var step = Stepped(run, decision, receipt, now);
        return step with { Expired = [.. expiry.Effects.OfType<HeldEventExpired>()] };
    }

    /// <summary>
    /// Handles one raised signal at <paramref name="now"/> on the instance <paramref name="instanceId"/>: a clinical
    /// event or an ack as <see cref="Apply"/> does, and the steps of a patient merge. A <c>patient.merged</c> event
    /// asks the merged-away patient's instance for its record (its receipt waits for the handover, so the host
    /// answers with the case as merged); a merge request closes this record as merged and hands it over; a handover
    /// folds the merged-away record into this case as one batch. Once merged away, everything but an ack (whose
    /// alert lives here) is forwarded to the surviving instance. Throws <see cref="InvalidOperationException"/>
    /// for an envelope that does not carry exactly one payload.
    /// </summary>
    public PatientStep Receive(PatientRun run, RaisedSignal raised, DateTimeOffset now, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(raised);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (raised.Payloads != 1)
        {
            throw new InvalidOperationException($"the raised signal carries {raised.Payloads} payloads, not one");
        }

        if (run.MergedInto is { } survivor && raised.MergeInto?.IntoPatient == survivor.IntoPatient)
        {
            // The survivor asks again (its handover was lost on the way): the closed record still holds every event.
            var unchanged = Stepped(run, new Decision(run.State, []), receipt: null, now);
            var handover = new RoutedSignal(survivor.IntoPatient, RaisedSignal.Of(run.State, raised.Delivery));
            return unchanged with { Run = unchanged.Run with { Outgoing = [.. unchanged.Run.Outgoing, handover] } };
        }

        if (run.MergedInto is { } forwardTo && raised.Ack is null)
        {
            return Forward(run, raised, forwardTo, now);
        }

        if (raised.MergeInto is { } request)
        {
            return MergeAway(run, request, now, raised.Delivery);
        }

        if (raised.Handover is { } from)
        {
            return TakeOver(run, from, now, raised.Delivery);
        }

        if (raised.Events().FirstOrDefault(e => e.Type == EventTypes.PatientMerged) is { From: { Length: > 0 } fromKey } merged
            && !run.Has(merged))
        {
            // The merge event with the rest of its batch, decided once, as the embedded host decides a request.
            var step = Apply(run, raised.Batch is { } batch ? new EventBatch(batch) : new EventSignal(merged), now);
            // Without a host's token the event's own key names the request, so its handover still answers it.
            var token = raised.Delivery ?? $"merge:{merged.Source}:{merged.Id}";
            var ask = new RoutedSignal(fromKey, RaisedSignal.Of(new MergeRequest(run.State.PatientKey, instanceId), token));
            return step with
            {
                Run = step.Run with
                {
                    Outgoing = [.. step.Run.Outgoing, ask],
                    Asked = [.. step.Run.Asked, ask],
                    AskAgainAt = step.Run.AskAgainAt ?? now + options.PublishRetryDelay,
                },
            };
        }

        return Apply(run, raised.ToSignal(), now, raised.Delivery);
    }

    /// <summary>The run once the first of <see cref="PatientRun.Outgoing"/> is delivered.</summary>
    public static PatientRun Delivered(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outgoing = run.Outgoing.Skip(1).ToList();
        return run with { Outgoing = outgoing, PublishRetryAt = outgoing.Count == 0 && run.Unsent.Count == 0 ? null : run.PublishRetryAt };
    }

    private PatientStep MergeAway(PatientRun run, MergeRequest request, DateTimeOffset now, string? delivery)
    {
        if (request.IntoPatient == run.State.PatientKey)
        {
            // The merged-away key already leads here (merged before, or an alias chain ends here): nothing moves.
            var unchanged = new Decision(run.State, []);
            return Answered(Stepped(run, unchanged, delivery is null ? null : ReceiptOf(delivery, run.State, duplicate: false), now), delivery);
        }

        // Only the merged-away side of the pathway's merge is used here; the survivor applies the events itself.
        var (_, closed) = pathway.Merge(CaseState.New(request.IntoPatient), run.State, now);
        var step = Stepped(run, closed, receipt: null, now);
        var handover = new RoutedSignal(request.IntoPatient, RaisedSignal.Of(run.State, delivery));
        return step with { Run = step.Run with { MergedInto = request, Outgoing = [.. step.Run.Outgoing, handover] } };
    }

    private PatientStep TakeOver(PatientRun run, CaseState from, DateTimeOffset now, string? delivery)
    {
        var (into, _) = pathway.Merge(run.State, from, now, run.EarlierCase);
        return Answered(Stepped(run, into, delivery is null ? null : ReceiptOf(delivery, into.State, duplicate: false), now), delivery);
    }

    /// <summary>The step with the merge request of <paramref name="delivery"/> answered: no longer asked again.</summary>
    private static PatientStep Answered(PatientStep step, string? delivery)
    {
        var asked = step.Run.Asked.Where(a => a.Signal.Delivery != delivery).ToList();
        return step with { Run = step.Run with { Asked = asked, AskAgainAt = asked.Count == 0 ? null : step.Run.AskAgainAt } };
    }

    private PatientStep Forward(PatientRun run, RaisedSignal raised, MergeRequest survivor, DateTimeOffset now)
    {
        // The survivor's key replaces the old one, as the embedded host files a late event under the surviving key.
        var forwarded = raised.For(survivor.IntoPatient);
        var receipt = raised.Delivery is { } d ? new DeliveryReceipt(d, null, false) { ForwardedTo = survivor.IntoInstance } : null;
        var step = Stepped(run, new Decision(run.State, []), receipt, now);
        return step with { Run = step.Run with { Outgoing = [.. step.Run.Outgoing, new RoutedSignal(survivor.IntoPatient, forwarded)] } };
    }

    private static DeliveryReceipt ReceiptOf(string delivery, CaseState state, bool duplicate) =>
        new(delivery, state.Status == CaseStatus.Pending ? null : state.CaseId, duplicate);

    private PatientStep Stepped(PatientRun run, Decision decision, DeliveryReceipt? receipt, DateTimeOffset now)
    {
        var pages = decision.AndEarlier().SelectMany(d => d.Pages);
        var next = run with
        {
            State = decision.State,
            Earlier = EarlierCases(run, decision),
            Unsent = [.. run.Unsent, .. pages.Where(p => run.Unsent.All(u => u.MessageId != p.MessageId))],
            Signals = run.Signals + 1,
            First = null,
            Receipts = receipt is null ? run.Receipts : [.. run.Receipts.Append(receipt).TakeLast(PatientRun.ReceiptsKept)],
            Held = HeldArrivals(run.Held, decision, now),
        };
        var raised = decision.AndEarlier().SelectMany(d => d.Effects).OfType<AlertRaised>().Select(a => a.AlertId).ToList();
        return new PatientStep(next, decision, raised, decision.AndEarlier().Any(d => d.Changed && d.State.CaseId is not null));
    }

    // A new onset after a closure replaces the closed case with a new one: the pathway hands the closed case back as it
    // stands, and an earlier case an event of its episode joined, and each takes its place among the earlier cases.
    private static List<CaseState> EarlierCases(PatientRun run, Decision decision)
    {
        var earlier = run.Earlier.ToList();
        foreach (var state in decision.Earlier.Select(d => d.State))
        {
            var at = earlier.FindIndex(c => c.CaseId == state.CaseId);
            if (at >= 0)
            {
                earlier[at] = state;
            }
            else
            {
                earlier.Add(state);
            }
        }

        return earlier;
    }

    // Arrivals are kept only for events still held: an onset (a case) or an expiry ends them. Expiry times follow the
    // rule as configured now, so a changed setting applies to events already waiting.
    private List<HeldArrival> HeldArrivals(IReadOnlyList<HeldArrival> before, Decision decision, DateTimeOffset now)
    {
        if (decision.State.Status != CaseStatus.Pending)
        {
            return [];
        }

        var arrived = decision.Effects.OfType<EventHeld>().Select(e => new HeldArrival(e.Source, e.Id, now, now));
        return [.. before.Concat(arrived)
            .Where(h => decision.State.Events.Any(e => e.Source == h.Source && e.Id == h.Id))
            .Select(h => h with { ExpiresAt = held.ExpiresAt(h.ArrivedAt) })];
    }

    /// <summary>The run once <paramref name="page"/> is confirmed published.</summary>
    public static PatientRun Published(PatientRun run, Page page)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(page);
        var unsent = run.Unsent.Where(p => p.MessageId != page.MessageId).ToList();
        return run with { Unsent = unsent, PublishRetryAt = unsent.Count == 0 ? null : run.PublishRetryAt };
    }

    /// <summary>
    /// The run after a publish exhausted its retries: the pages stay owed and the loop wakes again after
    /// <see cref="PatientLoopOptions.PublishRetryDelay"/>, so a broker outage delays pages and never loses them.
    /// </summary>
    public PatientRun PublishFailed(PatientRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with { PublishRetryAt = now + options.PublishRetryDelay };
    }

    /// <summary>
    /// Whether the loop may end: the case is closed and nothing is owed. A merged-away record never ends: it is the
    /// alias that forwards what still reaches the old patient key.
    /// </summary>
    public static bool IsFinished(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State.Status == CaseStatus.Closed && run.Unsent.Count == 0 && run.Outgoing.Count == 0 && run.Asked.Count == 0 && run.MergedInto is null;
    }

    /// <summary>The run to restart with: the same case and owed pages, the signal count reset.</summary>
    public static PatientRun Restarted(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with { Signals = 0, First = null };
    }

    /// <summary>
    /// The custom status of the run at <paramref name="now"/> (no PHI), counting the unsent pages owed beyond
    /// <see cref="PatientLoopOptions.StalledPageMargin"/> past their due time.
    /// </summary>
    public PatientStatus Status(PatientRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.State;
        return new PatientStatus(
            s.CaseId,
            s.Status.ToString().ToLowerInvariant(),
            s.Stage.Name,
            s.NextDeadline,
            NextWakeAt(run),
            run.Unsent.Count,
            s.Revision)
        {
            StalledPages = run.Unsent.Count(p => IsStalled(p, now)),
            OldestUnsentPageAt = run.Unsent.Count == 0 ? null : run.Unsent.Min(DueAt),
            MergedInto = run.MergedInto?.IntoInstance,
        };
    }

    /// <summary>Whether <paramref name="page"/>, still unsent at <paramref name="now"/>, is owed beyond the margin.</summary>
    public bool IsStalled(Page page, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(page);
        return now - DueAt(page) > options.StalledPageMargin;
    }

    /// <summary>When a page fell due: when the pathway decided to page that level (the ack timeout counts from there too).</summary>
    public static DateTimeOffset DueAt(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Alert.LastPagedAt;
    }
}
