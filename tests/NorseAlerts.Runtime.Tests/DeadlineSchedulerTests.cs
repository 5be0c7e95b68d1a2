using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

public sealed class DeadlineSchedulerTests
{
    [Fact]
    public async Task A_whole_case_over_weeks_pages_every_window_once_in_order()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        await h.StartAsync();
        var receipt = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start)], "test");
        var caseId = receipt.Accepted[0].CaseId!;

        await h.AdvanceAsync(TimeSpan.FromDays(6) + TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));
        await Eventually(() => h.Recorded.Pages.Count == 1, "due-soon page");
        Assert.Equal(AlertKind.FirstLineDueSoon, h.Recorded.Pages[0].Alert.Kind);

        await h.AdvanceAsync(TimeSpan.FromDays(1), TimeSpan.FromHours(6));
        await Eventually(() => h.Recorded.Pages.Count == 2, "overdue page");
        Assert.Equal(AlertKind.FirstLineOverdue, h.Recorded.Pages[1].Alert.Kind);
        Assert.Equal(AlertState.Resolved, h.Queries.ListAlerts(caseId, null).Single(a => a.Kind == AlertKind.FirstLineDueSoon).State);

        await h.Engine.IngestAsync([Event(EventTypes.FirstLineStarted, h.Time.GetUtcNow(), agent: Agents.Plasmapheresis)], "test");
        Assert.Contains("late", h.Queries.ListAlerts(caseId, AlertState.Resolved.Name).Single(a => a.Kind == AlertKind.FirstLineOverdue).Resolution);

        await h.AdvanceAsync(TimeSpan.FromDays(11) + TimeSpan.FromMinutes(1), TimeSpan.FromHours(12));
        await Eventually(() => h.Recorded.Pages.Count == 3, "response-check page");
        Assert.Equal(AlertKind.ResponseCheckDue, h.Recorded.Pages[2].Alert.Kind);
        Assert.Equal(h.Recorded.Pages.Count, h.Recorded.Pages.Select(p => p.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Unacknowledged_alert_climbs_the_chain_and_repeats_the_last_level_three_times()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromMinutes(15));
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test");

        await h.AdvanceAsync(TimeSpan.FromHours(3), TimeSpan.FromMinutes(1));
        await Eventually(() => h.Recorded.Pages.Count == 6, "six pages");

        Assert.Equal(
            ["neurology-oncall", "neurology-backup", "neurocritical-care-attending", "neurocritical-care-attending", "neurocritical-care-attending", "neurocritical-care-attending"],
            h.Recorded.Pages.Select(p => p.Alert.RecipientRole));
        Assert.Single(h.Recorded.Pages.Select(p => p.Alert.AlertId).Distinct());
        var alert = Assert.Single(h.Queries.ListAlerts(null, AlertState.Triggered.Name));
        Assert.Equal(3, alert.Level);
    }

    [Fact]
    public async Task Acknowledgement_stops_the_chain()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromMinutes(15));
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test");
        await h.AdvanceAsync(TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(1));
        await Eventually(() => h.Recorded.Pages.Count == 2, "level 2 page");

        await h.Engine.AcknowledgeAsync(h.Recorded.Pages[0].Alert.AlertId, "dr-backup", null);
        await h.AdvanceAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(5));

        Assert.Equal(2, h.Recorded.Pages.Count);
    }

    [Fact]
    public async Task Deadlines_that_fell_due_while_the_process_was_down_fire_once_on_start()
    {
        var time = new FakeTimeProvider(Start);
        string dataDirectory;
        await using (var before = new RuntimeHarness(time: time))
        {
            dataDirectory = before.DataDirectory;
            await before.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-5))], "test");
        }

        time.Advance(TimeSpan.FromDays(3));
        await using var after = new RuntimeHarness(dataDirectory, time, ackTimeout: TimeSpan.FromDays(30));
        await after.StartAsync();

        await Eventually(() => after.Recorded.Pages.Count >= 1, "catch-up page");
        await after.Settle();
        var page = Assert.Single(after.Recorded.Pages);
        Assert.Equal(AlertKind.FirstLineOverdue, page.Alert.Kind);
        Assert.DoesNotContain(after.Queries.ListAlerts(null, null), a => a.Kind == AlertKind.FirstLineDueSoon);
        after.DeleteData();
    }

    [Fact]
    public async Task An_earlier_deadline_added_while_sleeping_wakes_the_scheduler()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "LATE")], "test");
        await h.Settle();
        Assert.Equal(Start.AddDays(6), h.Scheduler.SleepingUntil);

        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-6).AddMinutes(10), patient: "SOON")], "test");
        await h.Settle();

        Assert.Equal(Start.AddMinutes(10), h.Scheduler.SleepingUntil);
        await h.AdvanceAsync(TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(1));
        await Eventually(() => h.Recorded.Pages.Count == 1, "due-soon page of the earlier case");
        Assert.Equal(AlertKind.FirstLineDueSoon, h.Recorded.Pages[0].Alert.Kind);
        h.DeleteData();
    }

    [Fact]
    public async Task A_case_whose_state_cannot_be_read_is_postponed_and_audited_while_other_cases_still_fire()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        var broken = (await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-6).AddMinutes(5), patient: "BROKEN")], "test")).Accepted[0].CaseId!;
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-6).AddMinutes(5), patient: "FINE")], "test");
        using (var connection = h.Database.Open())
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "UPDATE cases SET state_json = '{\"patientKey\": 42}' WHERE case_id = $c";
            cmd.Parameters.AddWithValue("$c", broken);
            cmd.ExecuteNonQuery();
        }

        await h.StartAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1));
        await Eventually(() => h.Recorded.Pages.Count == 1, "the healthy case's due-soon page");

        Assert.NotEqual(broken, h.Recorded.Pages[0].Alert.CaseId);
        Assert.Contains(h.Queries.Audit(broken), a => a.Kind == "timer-failed");
        h.DeleteData();
    }
}

