using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Storage;
using PathwayCore = NorseAlerts.Pathway.Pathway;

namespace NorseAlerts.Runtime;

/// <summary>
/// The embedded host of the pathway: feeds it signals (events, timers, acknowledgements) through the
/// single writer, so that each signal's decision and all of its effects commit in one transaction.
/// </summary>
public sealed class CaseEngine
{
    private readonly PathwayCore pathway;
    private readonly Writer writer;
    private readonly ILogger logger;

    /// <summary>Creates the engine over the writer.</summary>
    public CaseEngine(PathwayCore pathway, Writer writer, ILogger<CaseEngine> logger)
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
        var receipt = await writer.RunAsync(unit => Ingest(unit, events, actor), cancellationToken).ConfigureAwait(false);
        foreach (var a in receipt.Accepted)
        {
            logger.LogInformation("Event accepted for case {CaseId}", a.CaseId ?? "(held)");
        }

        return receipt;
    }

    /// <summary>Acknowledges an alert; the result says whether the alert exists.</summary>
    public Task<AckResult> AcknowledgeAsync(string alertId, string by, string? note, CancellationToken cancellationToken = default) =>
        writer.RunAsync(unit =>
        {
            if (unit.CaseOfAlert(alertId) is not { } caseId || unit.LoadCase(caseId) is not { } state)
            {
                return new AckResult(null);
            }

            var decision = pathway.Decide(state, new Acknowledge(alertId, by, note), unit.Now);
            unit.Save(decision, by);
            if (!decision.Changed)
            {
                unit.Audit(caseId, by, "ack-ignored", $"acknowledgement of alert {alertId} had no effect (already acknowledged or resolved)");
            }

            var alert = decision.State.Alerts.First(a => a.AlertId == alertId);
            return new AckResult(AlertView.From(alert));
        }, cancellationToken);

    /// <summary>Wakes every case with a timer due by now; returns how many cases were woken.</summary>
    public Task<int> WakeDueAsync(int limit, CancellationToken cancellationToken = default) =>
        writer.RunAsync(unit =>
        {
            var due = unit.DueCases(unit.Now, limit);
            foreach (var caseId in due)
            {
                if (unit.LoadCase(caseId) is not { } state)
                {
                    continue;
                }

                var decision = pathway.Decide(state, new Tick(), unit.Now);
                if (!decision.Changed && state.Timers.Any(t => t.DueAt <= unit.Now))
                {
                    // A due timer the pathway no longer wants (e.g. a case closed meanwhile) must not fire forever.
                    decision = new Decision(state with { Timers = [.. state.Timers.Where(t => t.DueAt > unit.Now)] }, [new TimerCancelled("stale")]);
                }

                unit.Save(decision, "scheduler");
            }

            return due.Count;
        }, cancellationToken);

    private IngestReceipt Ingest(Unit unit, IReadOnlyList<ClinicalEvent> events, string actor)
    {
        var accepted = new List<EventReceipt>();
        var duplicates = new List<EventReceipt>();
        foreach (var e in events)
        {
            var patientKey = unit.ResolvePatient(e.Subject);
            if (!unit.TryRecordInbox(e.Source, e.Id, patientKey))
            {
                duplicates.Add(new EventReceipt(e.Id, unit.LoadPatient(patientKey)?.CaseId));
                continue;
            }

            var state = unit.LoadPatient(patientKey) ?? CaseState.New(patientKey);
            var decision = pathway.Decide(state, new EventSignal(e with { Subject = patientKey }), unit.Now);
            unit.Save(decision, actor);
            if (e.Type == EventTypes.PatientMerged && e.From is { } from)
            {
                decision = Merge(unit, decision.State, unit.ResolvePatient(from), actor) ?? decision;
            }

            accepted.Add(new EventReceipt(e.Id, decision.State.Status == CaseStatus.Pending ? null : decision.State.CaseId));
        }

        return new IngestReceipt(accepted, duplicates);
    }

    private Decision? Merge(Unit unit, CaseState into, string fromKey, string actor)
    {
        if (fromKey == into.PatientKey || unit.LoadPatient(fromKey) is not { } from)
        {
            unit.AddAlias(fromKey, into.PatientKey);
            return null;
        }

        var (target, source) = pathway.Merge(into, from, unit.Now);
        unit.Save(source, actor);
        unit.Save(target, actor);
        unit.AddAlias(fromKey, into.PatientKey);
        return target;
    }
}
