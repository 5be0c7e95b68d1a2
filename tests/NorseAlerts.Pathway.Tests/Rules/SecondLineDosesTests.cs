using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>PATHWAY.md: rituximab every 7 d x 4 doses, cyclophosphamide every 30 d x 6 unless stopped; the start is dose 1.</summary>
public class SecondLineDosesTests
{
    private static Clock OnSecondLine(string protocol, string agent, DateTimeOffset start)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.RunUntil(start);
        clock.Send(SecondLine(agent, start));
        clock.AckAll();
        return clock;
    }

    [Theory]
    [InlineData("seed", Agents.Rituximab, 7, 4)]
    [InlineData("consensus-2022", Agents.Rituximab, 7, 4)]
    [InlineData("seed", Agents.Cyclophosphamide, 30, 6)]
    [InlineData("consensus-2022", Agents.Cyclophosphamide, 30, 6)]
    public void Each_dose_falls_due_one_interval_after_the_last_until_the_course_is_complete(string protocol, string agent, double intervalDays, int doses)
    {
        var start = T0 + Days(6);
        var clock = OnSecondLine(protocol, agent, start);
        var last = start;

        for (var n = 2; n <= doses; n++)
        {
            var due = last + Days(intervalDays);
            Assert.Equal(new Deadline(SecondLineDoses.DeadlineKindPrefix + agent, due, DeadlineStatus.Pending), clock.DeadlineOf(SecondLineDoses.DeadlineKindPrefix + agent));
            clock.RunUntil(due - TimeSpan.FromMilliseconds(1));
            Assert.Null(clock.Open(AlertKind.SecondLineDoseOverdue));

            clock.RunUntil(due);
            var overdue = clock.Open(AlertKind.SecondLineDoseOverdue)!;
            Assert.Equal(due, overdue.DueAt);
            Assert.Contains($"Dose {n} of {doses}", overdue.Message);

            // The dose comes a day late: the alert resolves and the next interval counts from it.
            clock.RunUntil(due + Days(1));
            clock.AckAll();
            var d = clock.Send(DoseGiven(clock.Now, agent));
            Assert.Contains(d.Effects, e => e is AlertResolved r && r.AlertId == overdue.AlertId);
            last = clock.Now;
        }

        Assert.Null(clock.DeadlineOf(SecondLineDoses.DeadlineKindPrefix + agent));
        clock.RunUntil(last + Days(intervalDays * 3));
        Assert.Equal(doses - 1, clock.PagesOf(AlertKind.SecondLineDoseOverdue).Select(p => p.Page.Alert.AlertId).Distinct().Count());
        Assert.Null(clock.Open(AlertKind.SecondLineDoseOverdue));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Stopping_cyclophosphamide_resolves_the_overdue_dose_and_ends_the_schedule(string protocol)
    {
        var start = T0 + Days(6);
        var clock = OnSecondLine(protocol, Agents.Cyclophosphamide, start);
        clock.RunUntil(start + Days(31));
        var overdue = clock.Open(AlertKind.SecondLineDoseOverdue)!;

        clock.Send(Stopped(clock.Now, Agents.Cyclophosphamide));

        var resolved = clock.State.Alerts.Single(a => a.AlertId == overdue.AlertId);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Contains("stopped", resolved.Resolution);
        Assert.Null(clock.DeadlineOf(SecondLineDoses.DeadlineKindPrefix + Agents.Cyclophosphamide));
        clock.RunUntil(start + Days(400));
        Assert.Single(clock.PagesOf(AlertKind.SecondLineDoseOverdue).Select(p => p.Page.Alert.AlertId).Distinct());
    }

    [Fact]
    public void A_dose_without_an_agent_counts_for_the_agent_being_given()
    {
        var start = T0 + Days(6);
        var clock = OnSecondLine("seed", Agents.Rituximab, start);
        clock.RunUntil(start + Days(6));

        clock.Send(DoseGiven(clock.Now));

        Assert.Equal(start + Days(13), clock.DeadlineOf(SecondLineDoses.DeadlineKindPrefix + Agents.Rituximab)!.DueAt);
    }

    [Fact]
    public void A_stop_without_an_agent_stops_only_the_agent_given_last()
    {
        var clock = OnSecondLine("seed", Agents.Rituximab, T0 + Days(6));
        clock.RunUntil(T0 + Days(8));
        clock.Send(SecondLine(Agents.Cyclophosphamide, clock.Now));
        clock.RunUntil(T0 + Days(9));

        clock.Send(Stopped(clock.Now));

        Assert.NotNull(clock.DeadlineOf(SecondLineDoses.DeadlineKindPrefix + Agents.Rituximab));
        Assert.Null(clock.DeadlineOf(SecondLineDoses.DeadlineKindPrefix + Agents.Cyclophosphamide));
    }

    [Fact]
    public void Agents_without_a_schedule_have_no_dose_deadline()
    {
        var clock = OnSecondLine("consensus-2022", Agents.Tocilizumab, T0 + Days(6));

        clock.RunUntil(T0 + Days(200));

        Assert.DoesNotContain(clock.State.Deadlines, d => d.Kind.StartsWith(SecondLineDoses.DeadlineKindPrefix, StringComparison.Ordinal));
        Assert.Empty(clock.PagesOf(AlertKind.SecondLineDoseOverdue));
    }

    [Fact]
    public void Overdue_dose_page_carries_the_computed_dose_for_the_patient()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), Measurements(T0 + Hours(1), 70, 170), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.RunUntil(T0 + Days(6));
        clock.Send(SecondLine(Agents.Rituximab, clock.Now));
        clock.AckAll();

        clock.RunUntil(T0 + Days(13));

        var page = clock.PagesOf(AlertKind.SecondLineDoseOverdue).First().Page;
        var rec = Assert.Single(page.Alert.Recommendations);
        Assert.Equal("IV rituximab", rec.Title);
        Assert.Contains("= 682 mg/dose", rec.Detail);
    }
}
