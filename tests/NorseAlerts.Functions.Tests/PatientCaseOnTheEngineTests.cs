using Microsoft.DurableTask.Client;
using Moq;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// Whole cases through the Functions app's orchestrator on the real Durable Task engine, with the seed
/// protocol's 7-day first-line window placed so that its deadlines fall a few seconds from now.
/// </summary>
public class PatientCaseOnTheEngineTests
{
    private static readonly TimeSpan FirstLineWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static int patients;

    private static string NewPatient() => $"GENH:{Interlocked.Increment(ref patients):D8}";

    private static ClinicalEvent Event(string patient, string type, DateTimeOffset time, string id) => new()
    {
        Source = "/adt/genh",
        Id = id,
        Type = type,
        Time = time,
        Subject = patient,
    };

    private static async Task<string> OpenCaseAsync(TaskHub hub, string patient, DateTimeOffset onsetAt)
    {
        var receipt = await hub.Cases.IngestAsync([Event(patient, EventTypes.RseOnset, onsetAt, "onset-" + patient)], CancellationToken.None);
        return Assert.Single(receipt.Accepted).CaseId ?? throw new InvalidOperationException("the onset opened no case");
    }

    [Fact]
    public async Task Onset_pages_due_soon_at_once_then_overdue_when_the_first_line_window_closes()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(4);

        var caseId = await OpenCaseAsync(hub, patient, closesAt - FirstLineWindow);

        var pages = await hub.PagesWhenAsync(p => p.Any(x => x.Alert.Kind == AlertKind.FirstLineOverdue), Within);
        Assert.Equal(AlertKind.FirstLineDueSoon, pages[0].Alert.Kind);
        var overdue = pages.First(p => p.Alert.Kind == AlertKind.FirstLineOverdue);
        Assert.Equal(caseId, overdue.Alert.CaseId);
        Assert.True(overdue.Alert.RaisedAt >= closesAt, "the overdue page went out before the window closed");
        var detail = await hub.CaseWhenAsync(caseId, d => d.Alerts.Any(a => a.Kind == AlertKind.FirstLineDueSoon && a.State == AlertState.Resolved), Within);
        Assert.Equal(AlertState.Triggered, detail.Alerts.Single(a => a.Kind == AlertKind.FirstLineOverdue).State);
    }

    [Fact]
    public async Task An_unacknowledged_alert_escalates_to_level_2_and_3_then_repeats_the_last_level_and_stops()
    {
        await using var hub = await TaskHub.StartAsync(ackTimeout: TimeSpan.FromSeconds(1));
        var patient = NewPatient();

        await OpenCaseAsync(hub, patient, DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow);

        var pages = await hub.PagesWhenAsync(p => p.Count(x => x.Alert.Level == 3) == 4, Within);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        pages = [.. hub.Published];
        Assert.Equal(
            new[] { (1, 0), (2, 0), (3, 0), (3, 1), (3, 2), (3, 3) },
            pages.Select(p => (p.Alert.Level, p.Alert.Repeat)).ToArray());
        Assert.Equal(["neurology-oncall", "neurology-backup", "neurocritical-care-attending"], pages.Take(3).Select(p => p.Alert.RecipientRole));
        Assert.Single(pages.Select(p => p.Alert.AlertId).Distinct());
    }

    [Fact]
    public async Task An_acknowledgement_stops_the_escalation_chain()
    {
        await using var hub = await TaskHub.StartAsync(ackTimeout: TimeSpan.FromSeconds(2));
        var patient = NewPatient();
        await OpenCaseAsync(hub, patient, DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow);
        var first = (await hub.PagesWhenAsync(p => p.Count > 0, Within))[0];

        var acked = await hub.Cases.AcknowledgeAsync(new Acknowledge(first.Alert.AlertId, "dr-oncall", "seen"), CancellationToken.None);

        Assert.Equal(AlertState.Acknowledged, acked?.State);
        Assert.Equal("dr-oncall", acked?.AcknowledgedBy);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Single(hub.Published);
    }

    [Fact]
    public async Task A_backdated_first_line_start_inside_the_window_resolves_the_overdue_alert()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var onsetAt = DateTimeOffset.UtcNow - FirstLineWindow - TimeSpan.FromDays(1);
        var caseId = await OpenCaseAsync(hub, patient, onsetAt);
        await hub.PagesWhenAsync(p => p.Any(x => x.Alert.Kind == AlertKind.FirstLineOverdue), Within);

        var firstLine = Event(patient, EventTypes.FirstLineStarted, onsetAt.AddDays(1), "fl-" + patient) with { Agent = Agents.Methylprednisolone };
        await hub.Cases.IngestAsync([firstLine], CancellationToken.None);

        var detail = await hub.CaseWhenAsync(caseId, d => d.Alerts.Any(a => a.Kind == AlertKind.FirstLineOverdue), Within);
        Assert.Equal(AlertState.Resolved, detail.Alerts.Single(a => a.Kind == AlertKind.FirstLineOverdue).State);
        Assert.Contains(detail.Events, e => e.Id == firstLine.Id);
    }

    [Fact]
    public async Task A_closure_resolves_every_alert_and_completes_the_patients_instance()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var caseId = await OpenCaseAsync(hub, patient, DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow);
        await hub.PagesWhenAsync(p => p.Count > 0, Within);

        var receipt = await hub.Cases.IngestAsync([Event(patient, EventTypes.NorseRuledOut, DateTimeOffset.UtcNow, "ruled-out-" + patient)], CancellationToken.None);

        Assert.Equal(caseId, Assert.Single(receipt.Accepted).CaseId);
        var instance = await hub.Client.WaitForInstanceCompletionAsync(TaskHub.Ids.Of(patient), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Equal("closed", detail?.Status);
        Assert.All(detail!.Alerts, a => Assert.Equal(AlertState.Resolved, a.State));
        var closed = await hub.Cases.ListCasesAsync("closed", CancellationToken.None);
        Assert.Contains(closed, c => c.CaseId == caseId);
    }

    [Fact]
    public async Task Signals_raised_while_the_instance_continues_as_new_are_all_applied_to_the_same_case()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var onsetAt = DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow;
        var caseId = await OpenCaseAsync(hub, patient, onsetAt);
        var measurements = Enumerable.Range(1, 8)
            .Select(i => Event(patient, EventTypes.PatientMeasurements, onsetAt.AddHours(i), $"m-{i}-{patient}") with { WeightKg = 60 + i })
            .ToList();

        // Raised back to back: most arrive while the instance is busy with an earlier one or restarting.
        var receipt = await hub.Cases.IngestAsync(measurements, CancellationToken.None);

        Assert.Equal(measurements.Count, receipt.Accepted.Count);
        Assert.All(receipt.Accepted, a => Assert.Equal(caseId, a.CaseId));
        var detail = await hub.CaseWhenAsync(caseId, d => d.Events.Count == measurements.Count + 1, Within);
        Assert.Equal("active", detail.Status);
        var cases = await hub.Cases.ListCasesAsync(null, CancellationToken.None);
        Assert.Single(cases, c => c.Patient == patient);
    }

    [Fact]
    public async Task A_duplicate_delivery_is_listed_as_duplicate_and_has_no_second_effect()
    {
        await using var hub = await TaskHub.StartAsync();
        var patient = NewPatient();
        var onset = Event(patient, EventTypes.RseOnset, DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow, "onset-" + patient);
        var first = await hub.Cases.IngestAsync([onset], CancellationToken.None);
        await hub.PagesWhenAsync(p => p.Count > 0, Within);
        var before = await hub.Cases.GetCaseAsync(first.Accepted[0].CaseId!, CancellationToken.None);

        var again = await hub.Cases.IngestAsync([onset], CancellationToken.None);

        Assert.Empty(again.Accepted);
        Assert.Equal(new AcceptedEvent(onset.Id, first.Accepted[0].CaseId), Assert.Single(again.Duplicates));
        var after = await hub.Cases.GetCaseAsync(first.Accepted[0].CaseId!, CancellationToken.None);
        Assert.Equal(before!.Events.Count, after!.Events.Count);
        Assert.Equal(before.Alerts.Count, after.Alerts.Count);
        await Task.Delay(500);
        Assert.Single(hub.Published);
    }

    [Fact]
    public async Task A_page_whose_publish_keeps_failing_is_retried_until_it_goes_out_once_with_the_same_message_id()
    {
        var attempts = new List<string>();
        await using var hub = await TaskHub.StartAsync(
            loopOptions: new PatientLoopOptions { PublishAttempts = 2, PublishFirstRetry = TimeSpan.FromMilliseconds(100), PublishRetryDelay = TimeSpan.FromSeconds(1) },
            publisherSetup: (publisher, published) => publisher
                .Setup(p => p.PublishAsync(It.IsAny<Page>(), It.IsAny<CancellationToken>()))
                .Returns<Page, CancellationToken>((page, _) =>
                {
                    lock (attempts)
                    {
                        attempts.Add(page.MessageId);
                        if (attempts.Count <= 3)
                        {
                            return Task.FromException(new InvalidOperationException("broker down"));
                        }
                    }

                    published.Enqueue(page);
                    return Task.CompletedTask;
                }));
        var patient = NewPatient();

        var caseId = await OpenCaseAsync(hub, patient, DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow);

        var page = Assert.Single(await hub.PagesWhenAsync(p => p.Count > 0, Within));
        Assert.Equal(caseId, page.Alert.CaseId);
        Assert.True(attempts.Count >= 4);
        Assert.All(attempts, id => Assert.Equal(page.MessageId, id));
        await Task.Delay(1500);
        Assert.Single(hub.Published);
    }
}
