using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary>
/// The per-patient orchestrations seen from the task hub: signal-with-start, the receipts of delivered signals,
/// and the read side (a case is the current execution's input, or the output of a finished instance). Only
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

    /// <summary>
    /// Delivers <paramref name="signal"/> to the instance of <paramref name="patientKey"/>, as
    /// <see cref="SignalWithStart"/> plans it (raise, start, or restart from the finished case); returns its id.
    /// </summary>
    public async Task<string> DeliverAsync(string patientKey, RaisedSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var instanceId = ids.Of(patientKey);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        var presence = PresenceOf(instance);
        var delivery = SignalWithStart.Plan(presence);
        if (delivery == SignalDelivery.Raise)
        {
            await client.RaiseEventAsync(instanceId, RaisedSignal.EventName, signal, cancellationToken);
            return instanceId;
        }

        var previous = delivery == SignalDelivery.StartFromPrevious ? RunOf(instance!)?.State : null;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                PatientOrchestrator.Name,
                PatientRun.Start(patientKey, signal, previous),
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
    /// receipt with the run it left, or null when <paramref name="timeout"/> passes first.
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
                return (receipt, run);
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
        var runs = new List<(string, PatientRun)>();
        var query = new OrchestrationQuery { FetchInputsAndOutputs = true, PageSize = 500 };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name == PatientOrchestrator.Name && RunOf(instance) is { } run)
            {
                runs.Add((instance.InstanceId, run));
            }
        }

        return runs;
    }

    /// <summary>The instance and run holding case <paramref name="caseId"/>, or null.</summary>
    public async Task<(string InstanceId, PatientRun Run)?> FindCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        foreach (var (id, run) in await AllAsync(cancellationToken))
        {
            if (run.State.CaseId == caseId)
            {
                return (id, run);
            }
        }

        return null;
    }

    /// <summary>The instance and run holding alert <paramref name="alertId"/>, or null.</summary>
    public async Task<(string InstanceId, PatientRun Run)?> FindAlertAsync(string alertId, CancellationToken cancellationToken)
    {
        foreach (var (id, run) in await AllAsync(cancellationToken))
        {
            if (run.State.Alerts.Any(a => a.AlertId == alertId))
            {
                return (id, run);
            }
        }

        return null;
    }

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
