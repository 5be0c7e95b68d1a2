using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>PATHWAY.md: first-line window from T0 (seed 7 d, consensus-2022 72 h) and its one "due soon" page 24 h before.</summary>
public class FirstLineWindowTests
{
    public static TheoryData<string, double> Windows => new()
    {
        { "seed", 7 * 24 },
        { "consensus-2022", 72 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Due_soon_pages_oncall_24_hours_before_the_window_closes(string protocol, double windowHours)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0));
        var closes = T0 + Hours(windowHours);

        clock.RunUntil(closes - Hours(24) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(clock.Pages);

        clock.RunUntil(closes - Hours(24));
        var (at, page) = Assert.Single(clock.PagesOf(AlertKind.FirstLineDueSoon));
        Assert.Equal(closes - Hours(24), at);
        Assert.Equal("neurology-oncall", page.Alert.RecipientRole);
        Assert.Equal(closes, page.Alert.DueAt);
        Assert.Contains("no first-line start recorded", page.Alert.Message);
        Assert.Equal(DeadlineStatus.Pending, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Overdue_pages_oncall_when_the_window_closes_without_first_line(string protocol, double windowHours)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0));
        clock.AckAll();
        var closes = T0 + Hours(windowHours);

        clock.RunUntil(closes - TimeSpan.FromMilliseconds(1));
        clock.AckAll();
        Assert.Empty(clock.PagesOf(AlertKind.FirstLineOverdue));

        clock.RunUntil(closes);
        var (at, page) = Assert.Single(clock.PagesOf(AlertKind.FirstLineOverdue));
        Assert.Equal(closes, at);
        Assert.Equal("neurology-oncall", page.Alert.RecipientRole);
        Assert.Equal("critical", page.Alert.Severity);
        Assert.Equal(DeadlineStatus.Missed, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
        Assert.Equal(Stage.FirstLineOverdue, clock.State.Stage);

        var dueSoon = Assert.Single(clock.AlertsOf(AlertKind.FirstLineDueSoon));
        Assert.Equal(AlertState.Resolved, dueSoon.State);
        Assert.Contains("window closed", dueSoon.Resolution);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Due_soon_is_skipped_when_the_onset_is_learned_after_the_window_closed(string protocol, double windowHours)
    {
        var clock = new Clock(protocol, start: T0 + Hours(windowHours) + Hours(1));
        clock.Send(Onset(T0));

        Assert.Empty(clock.PagesOf(AlertKind.FirstLineDueSoon));
        Assert.Single(clock.PagesOf(AlertKind.FirstLineOverdue));
        Assert.DoesNotContain(clock.State.Timers, t => t.Key.Contains(AlertKind.FirstLineDueSoon.Name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Due_soon_pages_at_once_when_the_onset_is_learned_inside_the_last_24_hours(string protocol, double windowHours)
    {
        var clock = new Clock(protocol, start: T0 + Hours(windowHours) - Hours(2));
        clock.Send(Onset(T0));

        Assert.Single(clock.PagesOf(AlertKind.FirstLineDueSoon));
        Assert.Empty(clock.PagesOf(AlertKind.FirstLineOverdue));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void First_line_started_in_time_means_no_page_at_all(string protocol, double windowHours)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0));
        clock.Advance(Hours(10));
        clock.Send(FirstLine(Agents.Methylprednisolone, clock.Now));

        clock.RunUntil(T0 + Hours(windowHours) + Days(1));
        Assert.Empty(clock.PagesOf(AlertKind.FirstLineDueSoon));
        Assert.Empty(clock.PagesOf(AlertKind.FirstLineOverdue));
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Due_soon_resolves_without_a_page_when_first_line_starts(string protocol, double windowHours)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0));
        clock.RunUntil(T0 + Hours(windowHours) - Hours(12));
        var pagesBefore = clock.Pages.Count();

        var d = clock.Send(FirstLine(Agents.Ivig, clock.Now));

        Assert.Empty(d.Pages);
        Assert.Equal(pagesBefore, clock.Pages.Count());
        var dueSoon = Assert.Single(clock.AlertsOf(AlertKind.FirstLineDueSoon));
        Assert.Equal(AlertState.Resolved, dueSoon.State);
        Assert.Contains("started", dueSoon.Resolution);
        Assert.DoesNotContain(clock.State.Timers, t => t.Key.StartsWith("ack:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Backdated_first_line_start_inside_the_window_disproves_the_overdue_alert(string protocol, double windowHours)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0));
        clock.RunUntil(T0 + Hours(windowHours) + Hours(3));
        var overdue = clock.Open(AlertKind.FirstLineOverdue)!;

        var d = clock.Send(FirstLine(Agents.Plasmapheresis, T0 + Hours(windowHours) - Hours(1)));

        Assert.Contains(d.Effects, e => e is AlertResolved r && r.AlertId == overdue.AlertId);
        Assert.Empty(d.Pages);
        var resolved = clock.State.Alerts.Single(a => a.AlertId == overdue.AlertId);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Contains("inside the window", resolved.Resolution);
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
        Assert.Null(clock.Open(AlertKind.FirstLineOverdue));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Late_first_line_start_resolves_overdue_and_keeps_the_record_that_it_was_late(string protocol, double windowHours)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0));
        clock.RunUntil(T0 + Hours(windowHours) + Hours(30));
        var overdue = clock.Open(AlertKind.FirstLineOverdue)!;

        clock.Send(FirstLine(Agents.Methylprednisolone, T0 + Hours(windowHours) + Hours(29)));

        var resolved = clock.State.Alerts.Single(a => a.AlertId == overdue.AlertId);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Contains("started late", resolved.Resolution);
        Assert.Contains("29 h after the window closed", resolved.Resolution);
        Assert.Equal(DeadlineStatus.Late, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
    }
}
