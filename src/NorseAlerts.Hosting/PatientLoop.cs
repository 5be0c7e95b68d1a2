using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using PathwayCore = NorseAlerts.Pathway.Pathway;

namespace NorseAlerts.Hosting;

/// <summary>
/// The decisions of a per-patient host loop (an Azure orchestration): when to wake, what a signal does to the
/// run, which pages are still owed, when to restart and when to stop. Pure, so the orchestrator that drives it
/// stays a translation and replays give the same answers.
/// </summary>
public sealed class PatientLoop
{
    private readonly PathwayCore pathway;
    private readonly PatientLoopOptions options;
    private readonly HeldEventRule held;

    /// <summary>The loop's operational settings (publish retries), for the host that drives it.</summary>
    public PatientLoopOptions Options => options;

    /// <summary>
    /// A loop over <paramref name="pathway"/>; fails fast on unusable options. <paramref name="held"/> is the expiry
    /// rule of events held for a patient with no case (the default rule when null).
    /// </summary>
    public PatientLoop(PathwayCore pathway, PatientLoopOptions options, HeldEventRule? held = null)
    {
        this.pathway = pathway ?? throw new ArgumentNullException(nameof(pathway));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        this.held = held ?? new HeldEventRule();
    }

    /// <summary>The expiry rule of held events, for the host that lists them.</summary>
    public HeldEventRule Held => held;

    /// <summary>
    /// The earliest of the case's timers, the expiry of a held event and, when pages are owed after a failure, the
    /// publish retry.
    /// </summary>
    public static DateTimeOffset? NextWakeAt(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        DateTimeOffset?[] wakes =
        [
            run.State.NextWakeAt,
            run.Unsent.Count > 0 ? run.PublishRetryAt : null,
            run.Held.Count > 0 ? run.Held.Min(h => h.ExpiresAt) : null,
        ];
        return wakes.Min();
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

        // A resend of a dropped held event is a duplicate, as the embedded host's inbox answers it: it is not held again.
        var resent = signal is EventSignal d && run.DroppedHeld.Contains(d.Event.Key);
        var duplicate = resent || (signal is EventSignal e && run.State.Has(e.Event));
        var decision = resent ? new Decision(run.State, []) : pathway.Decide(run.State, signal, now);
        var receipts = run.Receipts;
        if (delivery is not null)
        {
            var caseId = decision.State.Status == CaseStatus.Pending ? null : decision.State.CaseId;
            receipts = [.. run.Receipts.Append(new DeliveryReceipt(delivery, caseId, duplicate)).TakeLast(PatientRun.ReceiptsKept)];
        }

        var next = run with
        {
            State = decision.State,
            Unsent = [.. run.Unsent, .. decision.Pages.Where(p => run.Unsent.All(u => u.MessageId != p.MessageId))],
            Signals = run.Signals + 1,
            First = null,
            Receipts = receipts,
            Held = HeldArrivals(run.Held, decision, now),
        };
        var raised = decision.Effects.OfType<AlertRaised>().Select(a => a.AlertId).ToList();
        return new PatientStep(next, decision, raised, decision.Changed && decision.State.CaseId is not null)
        {
            Expired = [.. expiry.Effects.OfType<HeldEventExpired>()],
        };
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

    /// <summary>Whether the loop may end: the case is closed and no page is owed.</summary>
    public static bool IsFinished(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State.Status == CaseStatus.Closed && run.Unsent.Count == 0;
    }

    /// <summary>The run to restart with: the same case and owed pages, the signal count reset.</summary>
    public static PatientRun Restarted(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with { Signals = 0, First = null };
    }

    /// <summary>The custom status of the run (no PHI).</summary>
    public static PatientStatus Status(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.State;
        return new PatientStatus(
            s.CaseId,
            s.Status.ToString().ToLowerInvariant(),
            s.Stage,
            s.NextDeadline,
            NextWakeAt(run),
            run.Unsent.Count,
            s.Revision);
    }
}
