using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

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

    /// <summary>The loop's operational settings (publish retries), for the host that drives it.</summary>
    public PatientLoopOptions Options => options;

    /// <summary>A loop over <paramref name="pathway"/>; fails fast on unusable options.</summary>
    public PatientLoop(CasePathway pathway, PatientLoopOptions options)
    {
        this.pathway = pathway ?? throw new ArgumentNullException(nameof(pathway));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The earliest of the case's timers and, when pages are owed after a failure, the publish retry.</summary>
    public static DateTimeOffset? NextWakeAt(PatientRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var caseWake = run.State.NextWakeAt;
        var retry = run.Unsent.Count > 0 ? run.PublishRetryAt : null;
        return (caseWake, retry) switch
        {
            (null, null) => null,
            ({ } c, null) => c,
            (null, { } r) => r,
            ({ } c, { } r) => c <= r ? c : r,
        };
    }

    /// <summary>
    /// Applies <paramref name="signal"/> at <paramref name="now"/> and queues the pages it decided; with a
    /// <paramref name="delivery"/> token, records what became of the signal in <see cref="PatientRun.Receipts"/>.
    /// </summary>
    public PatientStep Apply(PatientRun run, Signal signal, DateTimeOffset now, string? delivery = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(signal);
        var duplicate = signal is EventSignal e && run.State.Has(e.Event);
        var decision = pathway.Decide(run.State, signal, now);
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
        };
        var raised = decision.Effects.OfType<AlertRaised>().Select(a => a.AlertId).ToList();
        return new PatientStep(next, decision, raised, decision.Changed && decision.State.CaseId is not null);
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
            s.Stage.Name,
            s.NextDeadline,
            NextWakeAt(run),
            run.Unsent.Count,
            s.Revision);
    }
}
