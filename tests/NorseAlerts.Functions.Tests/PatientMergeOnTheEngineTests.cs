using System.Text.Json;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// <c>patient.merged</c> through the Functions app's orchestrations on the real Durable Task engine: the same
/// scenarios as the embedded host's merge tests (CaseEngineTests and the pathway's merge tests), answered the same
/// way. Deadlines fall a few seconds or an hour from now, as in <see cref="PatientCaseOnTheEngineTests"/>.
/// </summary>
public class PatientMergeOnTheEngineTests
{
    private static readonly TimeSpan FirstLineWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static int patients;

    private static string NewPatient() => $"MERGE:{Interlocked.Increment(ref patients):D8}";

    private static ClinicalEvent Event(string patient, string type, DateTimeOffset time, string id) => new()
    {
        Source = "/adt/genh",
        Id = id,
        Type = type,
        Time = time,
        Subject = patient,
    };

    private static ClinicalEvent Merge(string into, string from) =>
        Event(into, EventTypes.PatientMerged, DateTimeOffset.UtcNow.AddMinutes(-1), $"merge-{from}-into-{into}") with { From = from };

    /// <summary>An onset whose first-line window closes in an hour: the due-soon alert is raised (and paged) at once.</summary>
    private static async Task<string> OpenCaseAsync(TaskHub hub, string patient)
    {
        var onset = Event(patient, EventTypes.RseOnset, DateTimeOffset.UtcNow.AddHours(1) - FirstLineWindow, "onset-" + patient);
        var receipt = await hub.Cases.IngestAsync([onset], CancellationToken.None);
        return Assert.Single(receipt.Accepted).CaseId ?? throw new InvalidOperationException("the onset opened no case");
    }

    private static async Task<PatientStatus?> StatusAsync(TaskHub hub, string patient)
    {
        var instance = await hub.Client.GetInstanceAsync(TaskHub.Ids.Of(patient), getInputsAndOutputs: true);
        return instance?.ReadCustomStatusAs<PatientStatus>();
    }

    [Fact]
    public async Task A_merge_moves_the_old_patients_case_into_the_surviving_one_and_later_events_for_the_old_key_reach_it()
    {
        await using var hub = await TaskHub.StartAsync();
        var (old, survivor) = (NewPatient(), NewPatient());
        var oldCase = await OpenCaseAsync(hub, old);
        await hub.PagesWhenAsync(p => p.Count == 1, Within);

        var merged = await hub.Cases.IngestAsync([Merge(survivor, old)], CancellationToken.None);
        var later = await hub.Cases.IngestAsync([Event(old, EventTypes.FirstLineStarted, DateTimeOffset.UtcNow, "fl-" + old) with { Agent = Agents.Ivig }], CancellationToken.None);

        var caseId = Assert.Single(merged.Accepted).CaseId;
        Assert.NotNull(caseId);
        Assert.NotEqual(oldCase, caseId);
        Assert.Equal(caseId, Assert.Single(later.Accepted).CaseId);
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Equal(survivor, detail!.Patient);
        Assert.Equal("active", detail.Status);
        Assert.Contains(detail.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Contains(detail.Events, e => e.Type == EventTypes.RseOnset);
        var active = await hub.Cases.ListCasesAsync("active", CancellationToken.None);
        Assert.Equal(caseId, Assert.Single(active, c => c.Patient == survivor || c.Patient == old).CaseId);

        // The merged-away case: closed, its alert resolved, its instance the alias of the surviving one.
        var oldDetail = await hub.Cases.GetCaseAsync(oldCase, CancellationToken.None);
        Assert.Equal("closed", oldDetail!.Status);
        Assert.All(oldDetail.Alerts, a => Assert.Equal(AlertState.Resolved, a.State));
        Assert.Contains(await hub.Cases.ListCasesAsync("closed", CancellationToken.None), c => c.CaseId == oldCase);
        var status = await StatusAsync(hub, old);
        Assert.Equal("closed", status!.Status);
        Assert.Equal(TaskHub.Ids.Of(survivor), status.MergedInto);
        Assert.Null(status.NextWakeAt);
    }

    [Fact]
    public async Task The_merged_away_case_pages_no_further_while_the_surviving_case_escalates_its_own_alert()
    {
        await using var hub = await TaskHub.StartAsync(ackTimeout: TimeSpan.FromSeconds(3));
        var (old, survivor) = (NewPatient(), NewPatient());
        var oldCase = await OpenCaseAsync(hub, old);
        await hub.PagesWhenAsync(p => p.Count == 1, Within);

        var merged = await hub.Cases.IngestAsync([Merge(survivor, old)], CancellationToken.None);

        var caseId = Assert.Single(merged.Accepted).CaseId;
        var pages = await hub.PagesWhenAsync(p => p.Any(x => x.Alert.CaseId == caseId && x.Alert.Level == 2), Within);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var fromOld = hub.Published.Where(p => p.Alert.CaseId == oldCase).ToList();
        Assert.Equal(1, Assert.Single(fromOld).Alert.Level);
        Assert.Equal(AlertKind.FirstLineDueSoon, pages.First(p => p.Alert.CaseId == caseId).Alert.Kind);
    }

    [Fact]
    public async Task Held_events_of_the_merged_away_patient_join_the_surviving_case_and_disprove_its_alert()
    {
        await using var hub = await TaskHub.StartAsync();
        var (old, survivor) = (NewPatient(), NewPatient());
        var held = await hub.Cases.IngestAsync([Event(old, EventTypes.FirstLineStarted, DateTimeOffset.UtcNow.AddMinutes(-5), "fl-" + old) with { Agent = Agents.Methylprednisolone }], CancellationToken.None);
        Assert.Null(Assert.Single(held.Accepted).CaseId);
        var caseId = await OpenCaseAsync(hub, survivor);
        await hub.PagesWhenAsync(p => p.Count == 1, Within);

        var merged = await hub.Cases.IngestAsync([Merge(survivor, old)], CancellationToken.None);

        Assert.Equal(caseId, Assert.Single(merged.Accepted).CaseId);
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Contains(detail!.Events, e => e.Id == "fl-" + old);
        Assert.Equal(AlertState.Resolved, Assert.Single(detail.Alerts, a => a.Kind == AlertKind.FirstLineDueSoon).State);
        Assert.DoesNotContain(await hub.Cases.ListCasesAsync(null, CancellationToken.None), c => c.Patient == old);
        Assert.Equal("closed", (await StatusAsync(hub, old))!.Status);
    }

    [Fact]
    public async Task A_duplicate_patient_merged_is_listed_as_duplicate_and_moves_nothing_again()
    {
        await using var hub = await TaskHub.StartAsync();
        var (old, survivor) = (NewPatient(), NewPatient());
        await OpenCaseAsync(hub, old);
        var merge = Merge(survivor, old);
        var first = await hub.Cases.IngestAsync([merge], CancellationToken.None);
        var caseId = first.Accepted[0].CaseId!;
        await hub.PagesWhenAsync(p => p.Any(x => x.Alert.CaseId == caseId), Within);
        var before = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);

        var again = await hub.Cases.IngestAsync([merge], CancellationToken.None);

        Assert.Empty(again.Accepted);
        Assert.Equal(new AcceptedEvent(merge.Id, caseId), Assert.Single(again.Duplicates));
        await Task.Delay(500);
        var after = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(after));
        Assert.Equal(2, hub.Published.Count);
    }

    [Fact]
    public async Task Merging_a_patient_with_no_instance_records_the_alias_that_later_events_follow()
    {
        await using var hub = await TaskHub.StartAsync();
        var (old, survivor) = (NewPatient(), NewPatient());
        var caseId = await OpenCaseAsync(hub, survivor);

        var merged = await hub.Cases.IngestAsync([Merge(survivor, old)], CancellationToken.None);
        var later = await hub.Cases.IngestAsync([Event(old, EventTypes.PatientMeasurements, DateTimeOffset.UtcNow, "m-" + old) with { WeightKg = 70 }], CancellationToken.None);

        Assert.Equal(caseId, Assert.Single(merged.Accepted).CaseId);
        Assert.Equal(caseId, Assert.Single(later.Accepted).CaseId);
        Assert.Equal(TaskHub.Ids.Of(survivor), (await StatusAsync(hub, old))!.MergedInto);
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Contains(detail!.Events, e => e.Id == "m-" + old);
        Assert.Single(await hub.Cases.ListCasesAsync(null, CancellationToken.None), c => c.Patient == survivor || c.Patient == old);
    }

    [Fact]
    public async Task An_event_raised_to_the_merged_away_instance_itself_is_forwarded_to_the_surviving_case()
    {
        await using var hub = await TaskHub.StartAsync();
        var (old, survivor) = (NewPatient(), NewPatient());
        await OpenCaseAsync(hub, old);
        var caseId = (await hub.Cases.IngestAsync([Merge(survivor, old)], CancellationToken.None)).Accepted[0].CaseId!;
        var late = Event(old, EventTypes.PatientMeasurements, DateTimeOffset.UtcNow, "late-" + old) with { WeightKg = 71 };

        // As a request that looked the old instance up just before the merge would: raised to it, not to the survivor.
        await hub.Client.RaiseEventAsync(TaskHub.Ids.Of(old), RaisedSignal.EventName, RaisedSignal.Of(late) with { Delivery = "race" });
        var applied = await hub.Instances.WaitForReceiptAsync(TaskHub.Ids.Of(old), "race", Within, CancellationToken.None);

        Assert.Equal(caseId, applied?.Receipt.CaseId);
        Assert.False(applied?.Receipt.Duplicate);
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.Contains(detail!.Events, e => e.Id == late.Id);
        Assert.Equal(survivor, applied!.Value.Run.State.Events.Single(e => e.Id == late.Id).Subject);
    }

    [Fact]
    public async Task A_page_owed_beyond_the_margin_shows_as_stalled_in_the_custom_status_until_it_goes_out()
    {
        var brokerUp = false;
        await using var hub = await TaskHub.StartWithBrokerDownAsync(() => Volatile.Read(ref brokerUp));
        var patient = NewPatient();
        var margin = hub.Loop.Options.StalledPageMargin;
        var caseId = await OpenCaseAsync(hub, patient);

        var stalled = await StalledWhenAsync(hub, s => s.Any(x => x.Status.CaseId == caseId && x.Status.StalledPages == 1), margin);
        var (instanceId, status) = stalled.Single(x => x.Status.CaseId == caseId);
        Assert.Equal(TaskHub.Ids.Of(patient), instanceId);
        Assert.Equal(1, status.UnsentPages);
        Assert.True(status.OldestUnsentPageAt < DateTimeOffset.UtcNow - margin);
        Assert.Empty(hub.Published);

        Volatile.Write(ref brokerUp, true);

        await hub.PagesWhenAsync(p => p.Count == 1, Within);
        await StalledWhenAsync(hub, s => s.All(x => x.Status.CaseId != caseId), margin);
        var cleared = await StatusAsync(hub, patient);
        Assert.Equal(0, cleared!.StalledPages);
        Assert.Null(cleared.OldestUnsentPageAt);
    }

    private static async Task<IReadOnlyList<(string InstanceId, PatientStatus Status)>> StalledWhenAsync(
        TaskHub hub, Func<IReadOnlyList<(string InstanceId, PatientStatus Status)>, bool> condition, TimeSpan margin)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var stalled = await hub.Instances.StalledAsync(DateTimeOffset.UtcNow, margin, CancellationToken.None);
            if (condition(stalled))
            {
                return stalled;
            }

            Assert.True(DateTime.UtcNow < deadline, "the stalled instances did not reach the expected state in time: " + JsonSerializer.Serialize(stalled.Select(s => s.Status)));
            await Task.Delay(100);
        }
    }
}
