using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions;

/// <summary>
/// The ingest, ack and read use cases of the API on the Durable task hub, answering with the same shapes as
/// the embedded host: an ingest or ack request raises its signals with a delivery token and waits for the
/// patient's orchestration to apply them, so the answer says what happened (case, duplicate, alert state).
/// </summary>
public sealed class TaskHubCases : ICaseBackend
{
    /// <summary>How long a request waits for its signals to be applied before answering with what it knows.</summary>
    public static readonly TimeSpan ApplyWait = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a request waits for its receipt before it raises the same signal again. A raised event is durable in
    /// the task hub, but one that reaches an execution as it continues as new can be dropped by the engine; raising it
    /// again is safe, because the orchestration applies an event it already has as a duplicate.
    /// </summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(2);

    private readonly PatientInstances instances;

    /// <summary>The use cases over <paramref name="instances"/>.</summary>
    public TaskHubCases(PatientInstances instances) => this.instances = instances ?? throw new ArgumentNullException(nameof(instances));

    /// <summary>
    /// The port's ingest: the actor is not recorded, because on Azure the audit trail is the orchestration
    /// history and the Functions request log, which name the caller.
    /// </summary>
    Task<IngestReceipt> ICaseBackend.IngestAsync(IReadOnlyList<ClinicalEvent> events, string actor, CancellationToken cancellationToken) =>
        IngestAsync(events, cancellationToken);

    /// <summary>
    /// The port's audit of unmapped diagnoses: on Azure the record is the log line <see cref="UnmappedDiagnoses"/>
    /// writes and its metric (Application Insights keeps both); there is no audit table to write.
    /// </summary>
    Task ICaseBackend.AuditUnmappedAsync(IReadOnlyList<Coding> codings, string feed, string actor, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Delivers validated events to their patients' orchestrations (once raised they are durable in the task
    /// hub), then waits for each to be applied: the receipt lists accepted events with their case and the
    /// duplicates that changed nothing.
    /// </summary>
    public async Task<IngestReceipt> IngestAsync(IReadOnlyList<ClinicalEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var delivered = new List<(RaisedSignal Signal, string InstanceId)>();
        foreach (var signal in SignalsOf(events))
        {
            var token = signal with { Delivery = Guid.NewGuid().ToString("N") };
            delivered.Add((token, await instances.DeliverAsync(token.Events()[0].Subject, token, cancellationToken)));
        }

        var receipts = new Dictionary<ClinicalEvent, DeliveryReceipt?>(ReferenceEqualityComparer.Instance);
        foreach (var (signal, instanceId) in delivered)
        {
            var applied = await AppliedAsync(signal.Events()[0].Subject, instanceId, signal, cancellationToken);
            foreach (var clinicalEvent in signal.Events())
            {
                receipts[clinicalEvent] = applied?.Receipt;
            }
        }

        // Answered in the request's order, as the embedded host answers.
        var accepted = new List<AcceptedEvent>();
        var duplicates = new List<AcceptedEvent>();
        foreach (var clinicalEvent in events)
        {
            var receipt = receipts[clinicalEvent];
            var item = new AcceptedEvent(clinicalEvent.Id, receipt?.CaseId);
            (receipt?.IsDuplicate(clinicalEvent) == true ? duplicates : accepted).Add(item);
        }

        return new IngestReceipt(accepted, duplicates);
    }

    /// <summary>
    /// One signal per patient of the request, carrying that patient's events as one batch, so the pathway decides once
    /// after all of them (as the embedded host decides a request), a merge included. A patient whose events include
    /// more than one <c>patient.merged</c> gets one signal per event: each merge is a conversation of its own.
    /// </summary>
    private static IEnumerable<RaisedSignal> SignalsOf(IReadOnlyList<ClinicalEvent> events)
    {
        foreach (var patient in events.GroupBy(e => e.Subject, StringComparer.Ordinal))
        {
            if (patient.Count(e => e.Type == EventTypes.PatientMerged) > 1)
            {
                foreach (var clinicalEvent in patient)
                {
                    yield return RaisedSignal.Of(clinicalEvent);
                }
            }
            else
            {
                yield return RaisedSignal.Of([.. patient]);
            }
        }
    }

    /// <summary>Acknowledges an alert and answers it as it stands after the ack; null for an unknown alert.</summary>
    public async Task<AlertView?> AcknowledgeAsync(Acknowledge ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (await instances.FindAlertAsync(ack.AlertId, cancellationToken) is not { } owner)
        {
            return null;
        }

        if (owner.Case.CaseId != owner.Run.State.CaseId)
        {
            // An alert of an earlier, closed case: the closure resolved it, so an ack changes nothing (as on the
            // embedded host, which answers it as it stands).
            return AlertView.From(owner.Case.Alerts.First(a => a.AlertId == ack.AlertId));
        }

        var signal = RaisedSignal.Of(ack) with { Delivery = Guid.NewGuid().ToString("N") };
        var instanceId = await instances.DeliverAsync(owner.Run.State.PatientKey, signal, cancellationToken);
        var applied = await AppliedAsync(owner.Run.State.PatientKey, instanceId, signal, cancellationToken);
        var state = applied?.Run.State ?? owner.Run.State;
        return AlertView.From(state.Alerts.First(a => a.AlertId == ack.AlertId));
    }

    /// <summary>
    /// Waits up to <see cref="ApplyWait"/> for the receipt of <paramref name="signal"/>, raising it again every
    /// <see cref="ResendAfter"/> while none has come; null when none came in time.
    /// </summary>
    private async Task<(DeliveryReceipt Receipt, PatientRun Run)?> AppliedAsync(
        string patientKey, string instanceId, RaisedSignal signal, CancellationToken cancellationToken)
    {
        var delivery = signal.Delivery!;
        var waited = TimeSpan.Zero;
        while (true)
        {
            var wait = ApplyWait - waited < ResendAfter ? ApplyWait - waited : ResendAfter;
            if (await instances.WaitForReceiptAsync(instanceId, delivery, wait, cancellationToken) is { } applied)
            {
                return applied;
            }

            waited += wait;
            if (waited >= ApplyWait)
            {
                return null;
            }

            // An event the instance already holds is on its way to a receipt (a merge answers only after its
            // handover): raising it again would only earn a duplicate's receipt.
            if (signal.Events() is { Count: > 0 } carried && (await instances.RunAsync(instanceId, cancellationToken))?.State is { } state && carried.All(state.Has))
            {
                continue;
            }

            instanceId = await instances.DeliverAsync(patientKey, signal, cancellationToken);
        }
    }

    /// <summary>Cases, optionally only <c>active</c> or <c>closed</c> ones, newest onset first.</summary>
    public async Task<IReadOnlyList<CaseSummary>> ListCasesAsync(string? status, CancellationToken cancellationToken)
    {
        var runs = await instances.AllAsync(cancellationToken);
        return [.. runs.SelectMany(r => r.Run.Cases()).Select(CaseSummary.From).OfType<CaseSummary>()
            .Where(c => status is null || c.Status == status)
            .OrderByDescending(c => c.OnsetAt).ThenBy(c => c.CaseId, StringComparer.Ordinal)];
    }

    /// <summary>One case as the API shows it, or null.</summary>
    public async Task<CaseDetail?> GetCaseAsync(string caseId, CancellationToken cancellationToken) =>
        await instances.FindCaseAsync(caseId, cancellationToken) is { } found ? CaseDetail.From(found.Case) : null;

    /// <summary>Alerts filtered by case and state, oldest first.</summary>
    public async Task<IReadOnlyList<AlertView>> ListAlertsAsync(string? caseId, string? state, CancellationToken cancellationToken)
    {
        var runs = await instances.AllAsync(cancellationToken);
        return [.. runs.SelectMany(r => r.Run.Cases()).SelectMany(c => c.Alerts).Select(AlertView.From)
            .Where(a => (caseId is null || a.CaseId == caseId) && (state is null || a.State.Name == state))
            .OrderBy(a => a.RaisedAt).ThenBy(a => a.AlertId, StringComparer.Ordinal)];
    }
}
