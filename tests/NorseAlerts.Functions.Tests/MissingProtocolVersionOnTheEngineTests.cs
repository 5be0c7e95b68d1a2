using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// What the Azure app does with a case pinned to a protocol version the app no longer loads (an institution file
/// dropped from the settings while the case was open): the patient's orchestration fails at its next step, with
/// the missing protocol and version in its failure details (no patient), so an operator finds it among the failed
/// instances; docs/azure.md says how to avoid and repair it.
/// </summary>
public class MissingProtocolVersionOnTheEngineTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_case_pinned_to_a_version_no_longer_loaded_fails_its_orchestration_at_the_next_wake_up_naming_protocol_and_version()
    {
        await using var hub = await TaskHub.StartAsync();
        const string patient = "GENH:00888001";
        var onset = new ClinicalEvent
        {
            Source = "/adt/genh",
            Id = "onset-missing-version",
            Type = EventTypes.RseOnset,
            Time = DateTimeOffset.UtcNow.AddHours(-2),
            Subject = patient,
        };
        var receipt = await hub.Cases.IngestAsync([onset], CancellationToken.None);
        var caseId = Assert.Single(receipt.Accepted).CaseId;
        var run = await hub.Instances.RunAsync(TaskHub.Ids.Of(patient), CancellationToken.None) ?? throw new InvalidOperationException("no run");

        // The same case as an app that has since dropped the file of its version would hold it, due to wake up now.
        var pinnedToMissing = run with
        {
            First = null,
            State = run.State with
            {
                ProtocolVersion = "0.1.0",
                Timers = [new ScheduledTimer(run.State.Timers[0].Key, DateTimeOffset.UtcNow.AddSeconds(1))],
            },
        };
        var instanceId = await hub.Client.ScheduleNewOrchestrationInstanceAsync(PatientOrchestrator.Name, pinnedToMissing);
        using var timeout = new CancellationTokenSource(Within);
        var instance = await hub.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("Protocol 'seed' version '0.1.0' is not loaded", instance.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("00888001", instance.FailureDetails?.ToString(), StringComparison.Ordinal);
        Assert.Equal(caseId, instance.ReadCustomStatusAs<PatientStatus>()?.CaseId);
    }
}
