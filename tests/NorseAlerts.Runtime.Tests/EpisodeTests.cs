using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

/// <summary>
/// A patient's second episode in the embedded store: the first case is stored as it closed, keeps no timer, and takes
/// the late events of its own episode, also when they are decided outside the writer.
/// </summary>
public sealed class EpisodeTests
{
    [Fact]
    public async Task A_discharge_and_a_readmission_in_one_request_leave_no_timer_of_the_first_case_to_page()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        await h.StartAsync();
        var first = (await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start)], "test")).Accepted[0].CaseId!;
        await h.AdvanceAsync(TimeSpan.FromDays(1), TimeSpan.FromHours(6));

        var readmission = await h.Engine.IngestAsync(
            [Event(EventTypes.PatientDischarged, Start.AddHours(20)), Event(EventTypes.RseOnset, Start.AddHours(23))],
            "test");
        var second = readmission.Accepted.Select(a => a.CaseId).Distinct().Single()!;

        Assert.NotEqual(first, second);
        Assert.Equal(CaseStatus.Closed, h.Queries.GetCase(first)!.Status);
        Assert.Empty(h.Queries.GetCase(first)!.Timers);
        await h.AdvanceAsync(TimeSpan.FromDays(7), TimeSpan.FromHours(6));
        await Eventually(() => h.Recorded.Pages.Any(p => p.Alert.Kind == AlertKind.FirstLineOverdue), "the readmission's overdue page");
        Assert.All(h.Recorded.Pages, p => Assert.Equal(second, p.Alert.CaseId));
    }

    [Fact]
    public async Task Two_late_events_of_the_first_episode_decided_at_once_outside_the_writer_both_join_the_first_case()
    {
        await using var h = new RuntimeHarness();
        var first = (await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-40))], "test")).Accepted[0].CaseId!;
        await h.Engine.IngestAsync([Event(EventTypes.PatientDischarged, Start.AddDays(-20))], "test");
        var second = (await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test")).Accepted[0].CaseId!;

        // Both are decided on the first case as stored; the second one's read of it no longer holds once the first
        // has committed, so it is decided again and neither is lost.
        var (start, assessed) = await BusyWriter.WhileBusy(h.Writer, () => (
            h.Engine.IngestAsync([Event(EventTypes.FirstLineStarted, Start.AddDays(-38), agent: Agents.Methylprednisolone)], "test"),
            h.Engine.IngestAsync([Event(EventTypes.ResponseAssessed, Start.AddDays(-30), outcome: ResponseOutcomes.Responding)], "test")));
        await start;
        await assessed;

        var closed = h.Queries.GetCase(first)!;
        Assert.Contains(closed.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Contains(closed.Events, e => e.Type == EventTypes.ResponseAssessed);
        Assert.Equal(CaseStatus.Closed, closed.Status);
        var current = h.Queries.GetCase(second)!;
        Assert.Equal([EventTypes.RseOnset], current.Events.Select(e => e.Type));
        Assert.Contains(h.Queries.ListAlerts(second, AlertState.Triggered.Name), a => a.Kind == AlertKind.FirstLineOverdue);
        Assert.Equal(1, h.Engine.WriteConflicts);
    }
}
