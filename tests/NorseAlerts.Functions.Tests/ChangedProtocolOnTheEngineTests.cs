using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// An event for a case whose protocol content changed under the version it pinned (a file edited without a new
/// version) must not vanish as a malformed signal: the patient's orchestration fails with the protocol named, as
/// the embedded host refuses such an ingest, so an operator finds it among the failed instances.
/// </summary>
public class ChangedProtocolOnTheEngineTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_event_for_a_case_whose_pinned_protocol_content_changed_fails_its_orchestration_instead_of_being_dropped()
    {
        await using var hub = await TaskHub.StartAsync();
        const string patient = "GENH:00888002";
        var (caseId, run) = await hub.OpenCaseAsync(patient, "onset-changed-protocol");

        // The same case as an app whose protocol file was since edited without a new version would hold it.
        var pinnedToOther = run with { First = null, State = run.State with { ProtocolHash = "sha256:0000" } };
        var instanceId = await hub.Client.ScheduleNewOrchestrationInstanceAsync(PatientOrchestrator.Name, pinnedToOther);
        await hub.Client.WaitForInstanceStartAsync(instanceId);
        var norse = new ClinicalEvent
        {
            Source = "/adt/genh",
            Id = "norse-changed-protocol",
            Type = EventTypes.NorseSuspected,
            Time = DateTimeOffset.UtcNow.AddHours(-1),
            Subject = patient,
        };
        await hub.Client.RaiseEventAsync(instanceId, RaisedSignal.EventName, RaisedSignal.Of(norse));
        var instance = await hub.EndOfAsync(instanceId, Within);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("sha256:0000", instance.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("00888002", instance.FailureDetails?.ToString(), StringComparison.Ordinal);
        Assert.Equal(caseId, instance.ReadCustomStatusAs<PatientStatus>()?.CaseId);
    }
}
