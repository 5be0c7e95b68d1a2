using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Functions;

/// <summary>
/// The per-patient orchestrations seen from the task hub: signal-with-start, the receipts of delivered signals,
/// and the read side (a case is the current execution's input, or the output of a finished instance). A case or an
/// alert is found through the task hub's index (<see cref="IndexEntry"/>), which a page's publication fills. Only
/// orchestration queries and instance metadata: the in-process engine and every Durable backend support them.
/// </summary>
public sealed class PatientInstances
{
    /// <summary>How often a waiting request looks again for its receipt.</summary>
    private static readonly TimeSpan ReceiptPoll = TimeSpan.FromMilliseconds(50);

    private readonly DurableTaskClient client;
    private readonly PatientIds ids;

    /// <summary>The instances of <paramref name="client"/>'s task hub, named by <paramref name="ids"/>.</summary>
    public PatientInstances(DurableTaskClient client, PatientIds ids)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.ids = ids ?? throw new ArgumentNullException(nameof(ids));
    }

    /// <summary>How many merges an event's patient key is followed through before it is delivered where it stands.</summary>
    public const int MaxAliasHops = 16;

    /// <summary>
    /// Delivers <paramref name="signal"/> to the instance of <paramref name="patientKey"/>, as
    /// <see cref="SignalWithStart"/> plans it (raise, start, or restart from the finished case); returns its id.
    /// A clinical event follows merges first: a patient merged into another is an alias, so the event is filed
    /// under the surviving patient's key and delivered to that instance (an ack stays with the alert's own case).
    /// </summary>
    public async Task<string> DeliverAsync(string patientKey, RaisedSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var key = patientKey;
        var instance = await client.GetInstanceAsync(ids.Of(key), getInputsAndOutputs: true, cancellationToken);
        for (var hops = 0; signal.Events().Count > 0 && hops < MaxAliasHops && instance is not null && RunOf(instance)?.MergedInto is { } survivor && survivor.IntoPatient != key; hops++)
        {
            key = survivor.IntoPatient;
            instance = await client.GetInstanceAsync(ids.Of(key), getInputsAndOutputs: true, cancellationToken);
        }

        if (key != patientKey && signal.Events().Count > 0)
        {
            signal = signal.For(key);
        }

        return await DeliverToAsync(key, instance, signal, cancellationToken);
    }

    /// <summary>
    /// Delivers a signal one patient's loop owes another to exactly the named patient's instance (signal-with-start,
    /// no alias followed: a merged-away instance forwards it itself and leaves a receipt saying where); returns its id.
    /// </summary>
    public async Task<string> DeliverAsync(RoutedSignal routed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routed);
        var instance = await client.GetInstanceAsync(ids.Of(routed.PatientKey), getInputsAndOutputs: true, cancellationToken);
        return await DeliverToAsync(routed.PatientKey, instance, routed.Signal, cancellationToken);
    }

    private async Task<string> DeliverToAsync(string patientKey, OrchestrationMetadata? instance, RaisedSignal signal, CancellationToken cancellationToken)
    {
        var instanceId = ids.Of(patientKey);
        var presence = PresenceOf(instance);
        var delivery = SignalWithStart.Plan(presence);
        if (delivery == SignalDelivery.Raise)
        {
            await client.RaiseEventAsync(instanceId, RaisedSignal.EventName, signal, cancellationToken);
            return instanceId;
        }

        var previous = delivery == SignalDelivery.StartFromPrevious ? RunOf(instance!) : null;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                PatientOrchestrator.Name,
                PatientRun.Start(patientKey, signal, previous?.State, previous?.Earlier),
                new StartOrchestrationOptions(instanceId),
                cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Another request started the instance between our look-up and our start: it is live now, so raise.
            await client.RaiseEventAsync(instanceId, RaisedSignal.EventName, signal, cancellationToken);
        }

        return instanceId;
    }

    /// <summary>
    /// Waits until the instance has applied the signal carrying <paramref name="delivery"/> and returns its
    /// receipt with the run it left, or null when <paramref name="timeout"/> passes first. A receipt saying the
    /// signal was forwarded (the patient was merged away) is followed to the instance it was forwarded to.
    /// </summary>
    public async Task<(DeliveryReceipt Receipt, PatientRun Run)?> WaitForReceiptAsync(
        string instanceId, string delivery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is not null && RunOf(instance) is { } run && run.Receipts.FirstOrDefault(r => r.Delivery == delivery) is { } receipt)
            {
                if (receipt.ForwardedTo is not { } forwardedTo)
                {
                    return (receipt, run);
                }

                // Followed on the next look, after the deadline check: a forward loop cannot hold the request.
                instanceId = forwardedTo;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(ReceiptPoll, cancellationToken);
        }
    }

    /// <summary>The run of the instance of <paramref name="instanceId"/>, or null when there is none.</summary>
    public async Task<PatientRun?> RunAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return instance is null ? null : RunOf(instance);
    }

    /// <summary>Every patient's instance id and run (a case, held events, or a finished case).</summary>
    public async Task<IReadOnlyList<(string InstanceId, PatientRun Run)>> AllAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref scans);
        var runs = new List<(string, PatientRun)>();
        await foreach (var instance in client.GetAllInstancesAsync(PatientsQuery()).WithCancellation(cancellationToken))
        {
            if (instance.Name == PatientOrchestrator.Name && RunOf(instance) is { } run)
            {
                runs.Add((instance.InstanceId, run));
            }
        }

        return runs;
    }

    /// <summary>How many times this reader read every patient's instance (<see cref="AllAsync"/>).</summary>
    public long Scans => Interlocked.Read(ref scans);

    private long scans;

    /// <summary>
    /// The instance and run holding case <paramref name="caseId"/>, or null. Found through the task hub's index
    /// (<see cref="IndexEntry"/>); a case the index does not know yet (opened before the index existed, or whose entry
    /// is missing) is found by reading every patient, and then indexed.
    /// </summary>
    public Task<(string InstanceId, PatientRun Run, CaseState Case)?> FindCaseAsync(string caseId, CancellationToken cancellationToken) =>
        FindAsync(caseId, c => c.CaseId == caseId, cancellationToken);

    /// <summary>The instance, run and case holding alert <paramref name="alertId"/>, or null; found as <see cref="FindCaseAsync"/>.</summary>
    public Task<(string InstanceId, PatientRun Run, CaseState Case)?> FindAlertAsync(string alertId, CancellationToken cancellationToken) =>
        FindAsync(alertId, c => c.Alerts.Any(a => a.AlertId == alertId), cancellationToken);

    /// <summary>
    /// Records in the index that the patient instance <paramref name="instanceId"/> holds <paramref name="id"/> (a case
    /// or an alert id); an entry that already says so is left alone. Ids are never reused, and a merge leaves a case and
    /// its alerts in their instance, so an entry stays true; a look-up still checks it.
    /// </summary>
    public async Task IndexAsync(string id, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (await IndexedAsync(id, cancellationToken) != instanceId)
        {
            await WriteEntryAsync(id, instanceId, cancellationToken);
        }
    }

    // The patient instance the index names for id, or null when it has no entry.
    private async Task<string?> IndexedAsync(string id, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(IndexEntry.InstanceIdOf(id), getInputsAndOutputs: true, cancellationToken) is { SerializedInput: not null } entry
            ? entry.ReadInputAs<string>()
            : null;

    private async Task WriteEntryAsync(string id, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(IndexEntry.Name, instanceId, new StartOrchestrationOptions(IndexEntry.InstanceIdOf(id)), cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Written by another request meanwhile; a look-up checks what it says.
        }
    }

    // A case of the patient (the current one or an earlier one) that holds the id.
    private async Task<(string InstanceId, PatientRun Run, CaseState Case)?> FindAsync(string id, Func<CaseState, bool> holds, CancellationToken cancellationToken)
    {
        var indexed = await IndexedAsync(id, cancellationToken);
        if (indexed is not null && await RunAsync(indexed, cancellationToken) is { } found && found.Cases().FirstOrDefault(holds) is { } held)
        {
            return (indexed, found, held);
        }

        // The entry is missing, or names an instance that does not hold the id: the one read above already says so.
        foreach (var (instanceId, run) in await AllAsync(cancellationToken))
        {
            if (run.Cases().FirstOrDefault(holds) is { } match)
            {
                await WriteEntryAsync(id, instanceId, cancellationToken);
                return (instanceId, run, match);
            }
        }

        return null;
    }

    /// <summary>
    /// The patients' instances whose custom status shows an unsent page owed beyond <paramref name="margin"/> at
    /// <paramref name="now"/>: those that counted a stalled page when they last ran, and those whose oldest unsent
    /// page has grown older than the margin since (an instance that stopped running cannot count it itself).
    /// </summary>
    public Task<IReadOnlyList<(string InstanceId, PatientStatus Status)>> StalledAsync(DateTimeOffset now, TimeSpan margin, CancellationToken cancellationToken) =>
        StalledAsync(client, now, margin, cancellationToken);

    /// <summary>Like <see cref="StalledAsync(DateTimeOffset, TimeSpan, CancellationToken)"/>, on the task hub of <paramref name="client"/>.</summary>
    public static async Task<IReadOnlyList<(string InstanceId, PatientStatus Status)>> StalledAsync(DurableTaskClient client, DateTimeOffset now, TimeSpan margin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var stalled = new List<(string, PatientStatus)>();
        await foreach (var instance in client.GetAllInstancesAsync(PatientsQuery()).WithCancellation(cancellationToken))
        {
            if (instance.Name == PatientOrchestrator.Name
                && instance.SerializedCustomStatus is not null
                && instance.ReadCustomStatusAs<PatientStatus>() is { } status
                && (status.StalledPages > 0 || now - status.OldestUnsentPageAt > margin))
            {
                stalled.Add((instance.InstanceId, status));
            }
        }

        return stalled;
    }

    // The patients' instances only (not the index's entries), with their runs.
    private static OrchestrationQuery PatientsQuery() => new() { FetchInputsAndOutputs = true, PageSize = 500, InstanceIdPrefix = Pathway.Ids.PatientPrefix };

    private static InstancePresence PresenceOf(OrchestrationMetadata? instance) => instance?.RuntimeStatus switch
    {
        null => InstancePresence.Missing,
        OrchestrationRuntimeStatus.Completed => InstancePresence.Finished,
        OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => InstancePresence.Broken,
        _ => InstancePresence.Live,
    };

    /// <summary>A finished instance's output, else the current execution's input (the run as of its last step).</summary>
    private static PatientRun? RunOf(OrchestrationMetadata instance) =>
        instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.SerializedOutput is not null
            ? instance.ReadOutputAs<PatientRun>()
            : instance.SerializedInput is null ? null : instance.ReadInputAs<PatientRun>();
}
