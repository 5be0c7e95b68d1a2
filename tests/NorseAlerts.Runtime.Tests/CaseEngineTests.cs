using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

public sealed class CaseEngineTests : IAsyncLifetime
{
    private readonly RuntimeHarness h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        h.DeleteData();
    }

    [Fact]
    public async Task Onset_opens_an_active_case_and_reports_its_id()
    {
        var receipt = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-2), id: "e1")], "test");

        var accepted = Assert.Single(receipt.Accepted);
        Assert.Equal("e1", accepted.Id);
        Assert.NotNull(accepted.CaseId);
        var summary = Assert.Single(h.Queries.ListCases("active"));
        Assert.Equal(accepted.CaseId, summary.CaseId);
        Assert.Equal(Start.AddHours(-2), summary.OnsetAt);
        Assert.Equal(Start.AddHours(-2).AddDays(7), summary.NextDeadline);
        Assert.Empty(h.Queries.ListCases("closed"));
    }

    [Fact]
    public async Task Same_source_and_id_twice_is_a_duplicate_with_no_second_effect()
    {
        var onset = Event(EventTypes.RseOnset, Start.AddDays(-6.5), id: "dup");
        var first = await h.Engine.IngestAsync([onset], "test");
        var second = await h.Engine.IngestAsync([onset with { Time = Start.AddDays(-1) }], "test");

        Assert.Empty(second.Accepted);
        Assert.Equal(first.Accepted[0].CaseId, Assert.Single(second.Duplicates).CaseId);
        var state = h.Queries.GetCase(first.Accepted[0].CaseId!)!;
        Assert.Single(state.Events);
        Assert.Equal(Start.AddDays(-6.5), state.OnsetAt);
        Assert.Single(h.Queries.ListAlerts(first.Accepted[0].CaseId, AlertState.Triggered.Name));
    }

    [Fact]
    public async Task Events_before_the_onset_are_held_without_a_case_and_applied_when_it_arrives()
    {
        var held = await h.Engine.IngestAsync([Event(EventTypes.FirstLineStarted, Start.AddDays(-1), agent: Agents.Methylprednisolone)], "test");
        Assert.Null(Assert.Single(held.Accepted).CaseId);
        Assert.Empty(h.Queries.ListCases(null));

        var opened = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-3))], "test");

        var state = h.Queries.GetCase(opened.Accepted[0].CaseId!)!;
        Assert.Equal(2, state.Events.Count);
        Assert.Contains(state.Deadlines, d => d.Kind == "first-line-window" && d.Status == DeadlineStatus.Met);
    }

    [Fact]
    public async Task A_batch_commits_every_event_and_a_late_onset_within_it_raises_the_overdue_page_once()
    {
        var receipt = await h.Engine.IngestAsync(
        [
            Event(EventTypes.RseOnset, Start.AddDays(-10), patient: "A"),
            Event(EventTypes.RseOnset, Start.AddDays(-1), patient: "B"),
        ], "test");

        Assert.Equal(2, receipt.Accepted.Count);
        var overdue = Assert.Single(h.Queries.ListAlerts(null, AlertState.Triggered.Name));
        Assert.Equal(AlertKind.FirstLineOverdue, overdue.Kind);
        Assert.Equal(receipt.Accepted[0].CaseId, overdue.CaseId);
        Assert.Equal(1, h.Queries.UndeliveredPages());
    }

    [Fact]
    public async Task A_batch_whose_later_event_disproves_the_state_after_its_first_pages_nothing()
    {
        var receipt = await h.Engine.IngestAsync(
        [
            Event(EventTypes.RseOnset, Start.AddDays(-10)),
            Event(EventTypes.FirstLineStarted, Start.AddDays(-5), agent: Agents.Methylprednisolone),
        ], "test");

        Assert.All(receipt.Accepted, a => Assert.NotNull(a.CaseId));
        Assert.Empty(h.Queries.ListAlerts(null, null));
        Assert.Equal(0, h.Queries.UndeliveredPages());
    }

    [Fact]
    public async Task Acknowledging_an_unknown_alert_finds_nothing_and_changes_nothing()
    {
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-10))], "test");

        var result = await h.Engine.AcknowledgeAsync("alert-nope", "dr-a", null);

        Assert.False(result.Found);
        Assert.Equal(AlertState.Triggered, Assert.Single(h.Queries.ListAlerts(null, null)).State);
    }

    [Fact]
    public async Task Acknowledgement_is_recorded_with_who_and_a_note_and_audited()
    {
        var receipt = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-10))], "test");
        var alert = Assert.Single(h.Queries.ListAlerts(null, null));

        var result = await h.Engine.AcknowledgeAsync(alert.AlertId, "dr-a", "starting steroids");
        var again = await h.Engine.AcknowledgeAsync(alert.AlertId, "dr-b", null);

        Assert.Equal(AlertState.Acknowledged, result.Alert!.State);
        Assert.Equal("dr-a", again.Alert!.AcknowledgedBy);
        Assert.Equal("starting steroids", h.Queries.ListAlerts(null, AlertState.Acknowledged.Name)[0].AckNote);
        var audit = h.Queries.Audit(receipt.Accepted[0].CaseId!);
        Assert.Contains(audit, a => a.Kind == "alert-acknowledged" && a.Actor == "dr-a");
        Assert.Contains(audit, a => a.Kind == "ack-ignored" && a.Actor == "dr-b");
    }

    [Fact]
    public async Task Merge_moves_the_old_patient_keys_case_and_routes_later_events_to_the_new_key()
    {
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-2), patient: "OLD")], "test");
        var merged = await h.Engine.IngestAsync([Event(EventTypes.PatientMerged, Start.AddHours(-1), patient: "NEW") with { From = "OLD" }], "test");
        var later = await h.Engine.IngestAsync([Event(EventTypes.FirstLineStarted, Start, patient: "OLD", agent: Agents.Ivig)], "test");

        var caseId = merged.Accepted[0].CaseId!;
        Assert.NotNull(caseId);
        Assert.Equal(caseId, later.Accepted[0].CaseId);
        var state = h.Queries.GetCase(caseId)!;
        Assert.Equal("NEW", state.PatientKey);
        Assert.Contains(state.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Single(h.Queries.ListCases("active"));
    }
}
