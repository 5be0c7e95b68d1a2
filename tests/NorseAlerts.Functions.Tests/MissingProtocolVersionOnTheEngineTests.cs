using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

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
        var (caseId, run) = await hub.OpenCaseAsync("GENH:00888001", "onset-missing-version");

        // The same case as an app that has since dropped the file of its version would hold it, due to wake up now.
        var instanceId = await hub.Client.ScheduleNewOrchestrationInstanceAsync(PatientOrchestrator.Name, TaskHub.OnAVersionNoLongerLoaded(run));
        var instance = await hub.EndOfAsync(instanceId, Within);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("Protocol 'seed' version '0.1.0' is not loaded", instance.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("00888001", instance.FailureDetails?.ToString(), StringComparison.Ordinal);
        Assert.Equal(caseId, instance.ReadCustomStatusAs<PatientStatus>()?.CaseId);
    }
}
