using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Moq;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// The task hub's index on the real Durable Task engine: an ack or a case look-up reaches its patient's instance
/// through the entry the page's publication filed, without reading every patient; an entry that is missing or wrong
/// costs one read of every patient and never a wrong answer.
/// </summary>
public class IndexOnTheEngineTests
{
    private static readonly TimeSpan FirstLineWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static int patients;

    private static string NewPatient() => $"GENH:IDX{Interlocked.Increment(ref patients):D5}";

    // An onset whose first-line window closes in an hour: the due-soon alert is raised and paged at once.
    private static async Task<(string CaseId, Page Page)> PagedCaseAsync(TaskHub hub, string patient)
    {
        var onset = new ClinicalEvent
        {
            Source = "/adt/genh",
            Id = "onset-" + patient,
            Type = EventTypes.RseOnset,
            Time = DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow,
            Subject = patient,
        };
        var receipt = await hub.Cases.IngestAsync([onset], CancellationToken.None);
        var caseId = Assert.Single(receipt.Accepted).CaseId ?? throw new InvalidOperationException("the onset opened no case");
        var pages = await hub.PagesWhenAsync(p => p.Any(x => x.Alert.CaseId == caseId), Within);
        var page = pages.First(p => p.Alert.CaseId == caseId);
        await EntryAsync(hub.Client, page.Alert.AlertId);
        await EntryAsync(hub.Client, caseId);
        return (caseId, page);
    }

    // The patient instance an index entry names, once the publishing activity has written it.
    private static async Task<string> EntryAsync(DurableTaskClient client, string id)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            if (await client.GetInstanceAsync(IndexEntry.InstanceIdOf(id), getInputsAndOutputs: true) is { SerializedInput: not null } entry)
            {
                return entry.ReadInputAs<string>()!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no index entry for {id} within {Within}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_page_files_its_alert_and_case_under_its_patient_and_the_ack_and_the_case_are_found_without_reading_every_patient()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var (caseId, page) = await PagedCaseAsync(hub, patient);

        Assert.Equal(TaskHub.Ids.Of(patient), await EntryAsync(hub.Client, page.Alert.AlertId));
        Assert.Equal(TaskHub.Ids.Of(patient), await EntryAsync(hub.Client, caseId));
        var scans = hub.Instances.Scans;

        var acked = await hub.Cases.AcknowledgeAsync(new Acknowledge(page.Alert.AlertId, "dr-oncall", null), CancellationToken.None);
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);

        Assert.Equal(AlertState.Acknowledged, acked?.State);
        Assert.Equal(AlertState.Acknowledged, detail?.Alerts.Single(a => a.AlertId == page.Alert.AlertId).State);
        Assert.Equal(scans, hub.Instances.Scans);
    }

    [Fact]
    public async Task A_case_the_index_does_not_hold_is_found_by_reading_every_patient_once_and_then_through_its_new_entry()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var (caseId, _) = await PagedCaseAsync(hub, patient);
        // As for a case opened before the index existed.
        await hub.Client.PurgeInstanceAsync(IndexEntry.InstanceIdOf(caseId));
        Assert.Null(await hub.Client.GetInstanceAsync(IndexEntry.InstanceIdOf(caseId)));
        var scans = hub.Instances.Scans;

        var first = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Equal(scans + 1, hub.Instances.Scans);
        Assert.Equal(TaskHub.Ids.Of(patient), await EntryAsync(hub.Client, caseId));
        var again = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);

        Assert.Equal(caseId, first?.CaseId);
        Assert.Equal(caseId, again?.CaseId);
        Assert.Equal(scans + 1, hub.Instances.Scans);
    }

    [Fact]
    public async Task An_index_entry_that_names_the_wrong_patient_is_not_believed_and_the_ack_reaches_the_alerts_own_case()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var other = NewPatient();
        var (caseId, page) = await PagedCaseAsync(hub, patient);
        var (otherCaseId, _) = await PagedCaseAsync(hub, other);
        await hub.Client.PurgeInstanceAsync(IndexEntry.InstanceIdOf(page.Alert.AlertId));
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(
            IndexEntry.Name, TaskHub.Ids.Of(other), new StartOrchestrationOptions(IndexEntry.InstanceIdOf(page.Alert.AlertId)));
        Assert.Equal(TaskHub.Ids.Of(other), await EntryAsync(hub.Client, page.Alert.AlertId));
        var scans = hub.Instances.Scans;

        var acked = await hub.Cases.AcknowledgeAsync(new Acknowledge(page.Alert.AlertId, "dr-oncall", null), CancellationToken.None);

        Assert.Equal(AlertState.Acknowledged, acked?.State);
        Assert.Equal(caseId, acked?.CaseId);
        Assert.Equal(scans + 1, hub.Instances.Scans);
        var otherCase = await hub.Cases.GetCaseAsync(otherCaseId, CancellationToken.None);
        Assert.DoesNotContain(otherCase!.Alerts, a => a.State == AlertState.Acknowledged);
    }

    [Fact]
    public async Task An_alert_no_patient_holds_is_unknown_after_one_read_of_every_patient()
    {
        await using var hub = await TaskHub.StartAsync();
        await PagedCaseAsync(hub, NewPatient());
        var scans = hub.Instances.Scans;

        var acked = await hub.Cases.AcknowledgeAsync(new Acknowledge("alert-00000000000000000000", "dr-oncall", null), CancellationToken.None);

        Assert.Null(acked);
        Assert.Equal(scans + 1, hub.Instances.Scans);
        Assert.Null(await hub.Client.GetInstanceAsync(IndexEntry.InstanceIdOf("alert-00000000000000000000")));
    }

    [Fact]
    public async Task A_page_whose_instance_the_runtime_did_not_name_still_goes_out_and_files_nothing()
    {
        await using var hub = await TaskHub.StartAsync();
        var publisher = new Mock<IAlertPublisher>();
        var (_, paged) = await PagedCaseAsync(hub, NewPatient());
        var page = paged with { Alert = paged.Alert with { AlertId = "alert-11111111111111111111" } };

        await new PublishAlertActivity(publisher.Object, TaskHub.Ids, new LogCapture().For<PublishAlertActivity>()).PublishAsync(page, publishedBy: null, CancellationToken.None);

        publisher.Verify(p => p.PublishAsync(page, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Null(await hub.Client.GetInstanceAsync(IndexEntry.InstanceIdOf(page.Alert.AlertId)));
    }

    [Fact]
    public async Task A_page_that_went_out_counts_as_published_when_its_index_entries_cannot_be_written_and_the_failure_is_logged()
    {
        var publisher = new Mock<IAlertPublisher>();
        var logs = new LogCapture();
        var activity = new PublishAlertActivity(publisher.Object, TaskHub.Ids, logs.For<PublishAlertActivity>());
        DurableTaskClient gone;
        Page page;
        await using (var hub = await TaskHub.StartAsync())
        {
            (_, page) = await PagedCaseAsync(hub, NewPatient());
            gone = hub.Client;
        }

        // The task hub is gone (its engine stopped): the entries cannot be written, the page has been sent.
        await activity.PublishAsync(page, (gone, "patient-00000000000000000000"), CancellationToken.None);

        publisher.Verify(p => p.PublishAsync(page, It.IsAny<CancellationToken>()), Times.Once);
        var logged = Assert.Single(logs.Records, r => r.EventId == 4007);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains(page.MessageId, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_case_list_reads_patients_only_and_never_shows_an_index_entry()
    {
        await using var hub = await TaskHub.StartAsync();
        var (caseId, _) = await PagedCaseAsync(hub, NewPatient());

        var cases = await hub.Cases.ListCasesAsync(null, CancellationToken.None);
        var runs = await hub.Instances.AllAsync(CancellationToken.None);

        Assert.Equal(caseId, Assert.Single(cases).CaseId);
        Assert.All(runs, r => Assert.StartsWith(Pathway.Ids.PatientPrefix, r.InstanceId, StringComparison.Ordinal));
    }
}
