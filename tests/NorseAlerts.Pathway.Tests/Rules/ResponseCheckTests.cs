using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>PATHWAY.md (seed): the response check falls 24 h after the first-line course end.</summary>
public class ResponseCheckTests
{
    [Theory]
    [InlineData(Agents.Methylprednisolone, 5)]
    [InlineData(Agents.Ivig, 5)]
    [InlineData(Agents.Plasmapheresis, 10)]
    public void Response_check_pages_24_hours_after_the_agent_course_ends(string agent, double courseDays)
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        var start = T0 + Days(1);
        clock.RunUntil(start);
        clock.Send(FirstLine(agent, start));
        var due = start + Days(courseDays) + Hours(24);

        clock.RunUntil(due - TimeSpan.FromMilliseconds(1));
        Assert.Empty(clock.PagesOf(AlertKind.ResponseCheckDue));
        Assert.Equal(DeadlineStatus.Pending, clock.DeadlineOf(ResponseCheck.DeadlineKind)!.Status);

        clock.RunUntil(due);
        var (at, page) = Assert.Single(clock.PagesOf(AlertKind.ResponseCheckDue));
        Assert.Equal(due, at);
        Assert.Equal("neurology-oncall", page.Alert.RecipientRole);
        Assert.Contains(agent, page.Alert.Message);
        Assert.Equal(DeadlineStatus.Missed, clock.DeadlineOf(ResponseCheck.DeadlineKind)!.Status);
    }

    [Fact]
    public void Recorded_completion_ends_the_course_early()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Methylprednisolone, T0 + Hours(2)));
        clock.RunUntil(T0 + Days(3));
        clock.Send(FirstLineCompleted(T0 + Days(3)));

        clock.RunUntil(T0 + Days(4));
        var (at, _) = Assert.Single(clock.PagesOf(AlertKind.ResponseCheckDue));
        Assert.Equal(T0 + Days(4), at);
    }

    [Fact]
    public void An_assessment_after_the_first_line_start_answers_the_check()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.RunUntil(T0 + Days(7));
        var alert = clock.Open(AlertKind.ResponseCheckDue)!;

        var d = clock.Send(Assessed(ResponseOutcomes.Responding, T0 + Days(6) + Hours(12)));

        Assert.Contains(d.Effects, e => e is AlertResolved r && r.AlertId == alert.AlertId);
        Assert.Contains("response assessed", clock.State.Alerts.Single(a => a.AlertId == alert.AlertId).Resolution);
        Assert.Equal(DeadlineStatus.Late, clock.DeadlineOf(ResponseCheck.DeadlineKind)!.Status);
        Assert.Equal(Stage.Responding, clock.State.Stage);
    }

    [Fact]
    public void An_assessment_inside_the_course_meets_the_check_and_no_page_goes_out()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.RunUntil(T0 + Days(4));
        clock.Send(Assessed(ResponseOutcomes.Responding, clock.Now));

        clock.RunUntil(T0 + Days(30));
        Assert.Empty(clock.PagesOf(AlertKind.ResponseCheckDue));
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf(ResponseCheck.DeadlineKind)!.Status);
    }

    [Fact]
    public void An_assessment_dated_before_the_first_line_start_does_not_answer_the_check()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), Assessed(ResponseOutcomes.Responding, T0 + Hours(1)), FirstLine(Agents.Ivig, T0 + Hours(2)));

        clock.RunUntil(T0 + Hours(2) + Days(6));
        Assert.Single(clock.PagesOf(AlertKind.ResponseCheckDue));
    }

    [Theory]
    [InlineData(Agents.Methylprednisolone)]
    [InlineData(Agents.Plasmapheresis)]
    public void Consensus_protocol_has_no_response_check(string agent)
    {
        var clock = new Clock("consensus-2022");
        clock.Send(Onset(T0), FirstLine(agent, T0 + Hours(2)));
        clock.AckAll();

        clock.RunUntil(T0 + Days(30));
        Assert.Empty(clock.PagesOf(AlertKind.ResponseCheckDue));
        Assert.Null(clock.DeadlineOf(ResponseCheck.DeadlineKind));
    }
}
