using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Functions;

/// <summary>
/// Signal-with-start against the task hub: looks up the patient's instance, then does what
/// <see cref="SignalWithStart"/> plans (raise, start, or restart from the finished case).
/// </summary>
public static class PatientSignals
{
    /// <summary>Delivers <paramref name="signal"/> to the instance of <paramref name="patientKey"/>; returns its id.</summary>
    public static async Task<string> DeliverAsync(DurableTaskClient client, string patientKey, RaisedSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signal);
        var instanceId = Ids.Patient(patientKey);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        var presence = PresenceOf(instance);
        var delivery = SignalWithStart.Plan(presence);
        if (delivery == SignalDelivery.Raise)
        {
            await client.RaiseEventAsync(instanceId, RaisedSignal.EventName, signal, cancellationToken);
            return instanceId;
        }

        var previous = delivery == SignalDelivery.StartFromPrevious ? PreviousCase(instance!, presence) : null;
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

    /// <summary>The case id the patient's instance shows in its custom status, or null (no case yet).</summary>
    public static async Task<string?> CaseIdAsync(DurableTaskClient client, string patientKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(Ids.Patient(patientKey), getInputsAndOutputs: true, cancellationToken);
        return instance?.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<PatientStatus>()?.CaseId;
    }

    private static InstancePresence PresenceOf(OrchestrationMetadata? instance) => instance?.RuntimeStatus switch
    {
        null => InstancePresence.Missing,
        OrchestrationRuntimeStatus.Completed => InstancePresence.Finished,
        OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => InstancePresence.Broken,
        _ => InstancePresence.Live,
    };

    private static CaseState? PreviousCase(OrchestrationMetadata instance, InstancePresence presence) =>
        presence == InstancePresence.Finished
            ? instance.ReadOutputAs<CaseState>()
            : instance.ReadInputAs<PatientRun>()?.State;
}
