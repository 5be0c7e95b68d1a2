using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>
/// The embedded host of the pathway: feeds it signals (events, timers, acknowledgements) through the
/// single writer, so that each signal's decision and all of its effects commit in one transaction.
/// </summary>
public sealed class CaseEngine
{
    private readonly CasePathway pathway;
    private readonly Writer writer;
    private readonly ILogger logger;
    private long writeConflicts;

    /// <summary>Creates the engine over the writer.</summary>
    public CaseEngine(CasePathway pathway, Writer writer, ILogger<CaseEngine> logger)
    {
        this.pathway = pathway;
        this.writer = writer;
        this.logger = logger;
    }

    /// <summary>
    /// Applies validated events atomically: all of them commit, or none (the task faults). Duplicates
    /// (same source and id as an earlier event) are reported and have no second effect.
    /// </summary>
    public async Task<IngestReceipt> IngestAsync(IReadOnlyList<ClinicalEvent> events, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var activity = RuntimeTelemetry.Source.StartActivity("ingest");
        activity?.SetTag("norsealerts.events", events.Count);
        var receipt = await CommitIngestAsync(events, actor, cancellationToken).ConfigureAwait(false);
        RuntimeTelemetry.EventsAccepted.Add(receipt.Accepted.Count);
        RuntimeTelemetry.EventsDuplicate.Add(receipt.Duplicates.Count);
        foreach (var a in receipt.Accepted)
        {
            Logs.EventAccepted(logger, a.CaseId ?? "(held)");
        }

        return receipt;
    }

    /// <summary>
    /// How many ingests this engine decided again because another commit changed what they read (also the
    /// <c>norsealerts.ingest.conflicts</c> metric, which counts every engine of the process). A resent event refused
    /// the same way is a duplicate, not a conflict, and is not counted.
    /// </summary>
    public long WriteConflicts => Interlocked.Read(ref writeConflicts);

    /// <summary>How many times an ingest is decided outside the writer before the writer decides it itself.</summary>
    public const int OptimisticAttempts = 3;

    // The pathway and the JSON run on the caller's thread against the last commit; the writer only checks that
    // what was read still holds and executes the rows. When another commit came between (the same patient,
    // alias or event id), the ingest is decided again; after a few conflicts, or if deciding outside fails in
    // any way, the writer decides it inside its transaction as before, so an ingest always ends.
    private async Task<IngestReceipt> CommitIngestAsync(IReadOnlyList<ClinicalEvent> events, string actor, CancellationToken cancellationToken)
    {
        // An idle writer commits on this thread at once: deciding outside first would only add a check, and handing
        // over to the writer's thread and back two thread hops.
        if (writer.TryRunHere(unit => Ingest(unit, events, actor), out var done))
        {
            return await done.ConfigureAwait(false);
        }

        for (var attempt = 1; attempt <= OptimisticAttempts; attempt++)
        {
            OptimisticTransaction transaction;
            IngestReceipt planned;
            try
            {
                // The first attempt takes every event as new; a duplicate is refused at replay and asks the inbox next time.
                (transaction, planned) = writer.Plan(tx => Ingest(tx, events, actor), readInbox: attempt > 1);
            }
            catch (Exception ex)
            {
                Logs.IngestPlanFailed(logger, ex);
                break;
            }

            try
            {
                return await writer.CommitAsync(transaction, planned, cancellationToken).ConfigureAwait(false);
            }
            catch (WriteConflictException conflict)
            {
                // A resend refused at replay is answered as a duplicate on the next attempt: not a conflict.
                if (!conflict.Resent)
                {
                    Interlocked.Increment(ref writeConflicts);
                    RuntimeTelemetry.WriteConflicts.Add(1);
                }
            }
        }

        return await writer.RunAsync(unit => Ingest(unit, events, actor), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes audit entries that belong to no case (such as diagnoses that map to no onset code) in one commit, with
    /// no decision: they record what arrived, never PHI.
    /// </summary>
    public Task AuditAsync(string actor, string kind, IReadOnlyList<string> details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(details);
        return writer.RunAsync(
            unit =>
            {
                foreach (var detail in details)
                {
                    unit.AuditTrail.Add(null, actor, kind, detail);
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>Acknowledges an alert; the result says whether the alert exists.</summary>
    public Task<AckResult> AcknowledgeAsync(string alertId, string by, string? note, CancellationToken cancellationToken = default) =>
        writer.RunAsync(unit =>
        {
            if (unit.Cases.CaseOfAlert(alertId) is not { } caseId || unit.Cases.Load(caseId) is not { } state)
            {
                return new AckResult(null);
            }

            var decision = pathway.Decide(state, new Acknowledge(alertId, by, note), unit.Now);
            unit.Save(decision, by);
            if (!decision.Changed)
            {
                unit.AuditTrail.Add(caseId, by, "ack-ignored", $"acknowledgement of alert {alertId} had no effect (already acknowledged or resolved)");
            }

            var alert = decision.State.Alerts.First(a => a.AlertId == alertId);
            return new AckResult(AlertView.From(alert));
        }, cancellationToken);

    /// <summary>How long a case whose decision failed waits before its timers are tried again.</summary>
    public static readonly TimeSpan FailedCaseRetry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wakes every case with a timer due by now; returns how many cases were woken. Each case runs in its own
    /// savepoint: a case that fails is postponed and audited, and the others still fire on time.
    /// </summary>
    public async Task<int> WakeDueAsync(int limit, CancellationToken cancellationToken = default)
    {
        // Logs and metrics only after the commit: the writer may run a work item twice (see Writer.RunAsync).
        var (woken, lateness, failures) = await writer.RunAsync(unit =>
        {
            var due = unit.Cases.DueCases(unit.Now, limit);
            var late = new List<double>(due.Count);
            var failed = new List<(string CaseId, Exception Error)>();
            foreach (var caseId in due)
            {
                if (unit.Isolated(() =>
                    {
                        if (Wake(unit, caseId) is { } ms)
                        {
                            late.Add(ms);
                        }
                    }) is { } error)
                {
                    failed.Add((caseId, error));
                    unit.Cases.PostponeDueTimers(caseId, unit.Now + FailedCaseRetry);
                    unit.AuditTrail.Add(caseId, "scheduler", "timer-failed", $"decision failed ({error.GetType().Name}); timers postponed by {FailedCaseRetry}");
                }
            }

            return (due.Count, late, failed);
        }, cancellationToken).ConfigureAwait(false);

        foreach (var ms in lateness)
        {
            RuntimeTelemetry.TimerLateness.Record(ms);
        }

        foreach (var (caseId, error) in failures)
        {
            Logs.TimersFailed(logger, caseId, FailedCaseRetry, error);
        }

        return woken;
    }

    // Returns how late the case woke (ms past its wake-up time), or null when it was not due yet.
    private double? Wake(Unit unit, string caseId)
    {
        if (unit.Cases.Load(caseId) is not { } state)
        {
            throw new InvalidDataException($"timers of case {caseId} have no case");
        }

        double? lateness = state.NextWakeAt is { } wakeAt && wakeAt <= unit.Now ? (unit.Now - wakeAt).TotalMilliseconds : null;

        // The tick releases every due timer it no longer plans (with its effect), so none fires forever.
        unit.Save(pathway.Decide(state, new Tick(), unit.Now), "scheduler");
        return lateness;
    }

    private IngestReceipt Ingest(ICaseTransaction unit, IReadOnlyList<ClinicalEvent> events, string actor)
    {
        var duplicates = new List<AcceptedEvent>();
        var fresh = new List<(ClinicalEvent Event, string PatientKey)>();
        foreach (var e in events)
        {
            var patientKey = unit.ResolvePatient(e.Subject);
            if (unit.TryRecordInbox(e.Source, e.Id, patientKey))
            {
                fresh.Add((e with { Subject = patientKey }, patientKey));
            }
            else
            {
                duplicates.Add(new AcceptedEvent(e.Id, unit.LoadPatient(patientKey)?.CaseId));
            }
        }

        // One batch per patient: the pathway applies a patient's events in clinical order and checks the case
        // once, so a batch never pages for an in-between state that a later event in it disproves.
        var outcome = new Dictionary<string, CaseState>(StringComparer.Ordinal);
        foreach (var group in fresh.GroupBy(f => f.PatientKey, StringComparer.Ordinal))
        {
            var state = unit.LoadPatient(group.Key) ?? CaseState.New(group.Key);
            var decision = pathway.Decide(state, new EventBatch([.. group.Select(g => g.Event)]), unit.Now, unit.LoadCase);
            unit.Save(decision, actor);
            foreach (var merged in group.Where(g => g.Event.Type == EventTypes.PatientMerged && g.Event.From is not null))
            {
                decision = Merge(unit, decision.State, unit.ResolvePatient(merged.Event.From!), actor) ?? decision;
            }

            outcome[group.Key] = decision.State;
        }

        var accepted = fresh
            .Select(f => new AcceptedEvent(f.Event.Id, outcome[f.PatientKey] is { Status: not CaseStatus.Pending } s ? s.CaseId : null))
            .ToList();
        return new IngestReceipt(accepted, duplicates);
    }

    private Decision? Merge(ICaseTransaction unit, CaseState into, string fromKey, string actor)
    {
        if (fromKey == into.PatientKey || unit.LoadPatient(fromKey) is not { } from)
        {
            unit.AddAlias(fromKey, into.PatientKey);
            return null;
        }

        var (target, source) = pathway.Merge(into, from, unit.Now, unit.LoadCase);
        unit.Save(source, actor);
        unit.Save(target, actor);
        unit.AddAlias(fromKey, into.PatientKey);
        return target;
    }
}
