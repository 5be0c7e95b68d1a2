using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// Events raised to a patient's orchestration while it is publishing pages (an activity in flight, then
/// ContinueAsNew). Found while building patient.merged on Azure: the engine can drop such an event, and ingest raises
/// it again until its receipt comes (<see cref="TaskHubCases.ResendAfter"/>).
/// </summary>
public class SignalsDuringPublishOnTheEngineTests
{
    [Fact]
    public async Task Every_event_raised_while_pages_are_being_published_is_applied_to_the_case()
    {
        await using var hub = await TaskHub.StartAsync(ackTimeout: TimeSpan.FromMilliseconds(300));
        var patient = "PUBLISHING:00000001";
        var onsetAt = DateTimeOffset.UtcNow.AddHours(1) - TimeSpan.FromDays(7);
        var onset = new ClinicalEvent { Source = "/adt/genh", Id = "onset", Type = EventTypes.RseOnset, Time = onsetAt, Subject = patient };
        var caseId = (await hub.Cases.IngestAsync([onset], CancellationToken.None)).Accepted[0].CaseId!;
        var measurements = Enumerable.Range(1, 30)
            .Select(i => new ClinicalEvent { Source = "/adt/genh", Id = $"m-{i}", Type = EventTypes.PatientMeasurements, Time = onsetAt.AddMinutes(i), Subject = patient, WeightKg = 60 + i })
            .ToList();

        // The 300 ms ack timeout keeps the orchestration publishing escalation pages while the events arrive.
        var receipt = await hub.Cases.IngestAsync(measurements, CancellationToken.None);

        Assert.All(receipt.Accepted, a => Assert.Equal(caseId, a.CaseId));
        var detail = await hub.CaseWhenAsync(caseId, d => d.Events.Count == measurements.Count + 1, TimeSpan.FromSeconds(40));
        Assert.Equal(measurements.Count + 1, detail.Events.Count);
    }
}
