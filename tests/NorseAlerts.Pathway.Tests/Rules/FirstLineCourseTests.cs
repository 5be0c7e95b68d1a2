using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>PATHWAY.md: course length by agent (methylprednisolone and IVIG 5 d, plasmapheresis 10 d), in both protocols.</summary>
public class FirstLineCourseTests
{
    [Theory]
    [InlineData("seed", Agents.Methylprednisolone, 5, "response-check")]
    [InlineData("seed", Agents.Ivig, 5, "response-check")]
    [InlineData("seed", Agents.Plasmapheresis, 10, "response-check")]
    [InlineData("consensus-2022", Agents.Methylprednisolone, 5, "response-check")]
    [InlineData("consensus-2022", Agents.Ivig, 5, "response-check")]
    // consensus-2022 recommends second line at T0 + 7 d, before a 10-day plasmapheresis course ends.
    [InlineData("consensus-2022", Agents.Plasmapheresis, 10, "second-line-recommended")]
    public void Stage_moves_on_when_the_agent_course_ends(string protocol, string agent, double courseDays, string stageAfter)
    {
        var clock = new Clock(protocol);
        var start = T0 + Hours(6);
        clock.Send(Onset(T0), FirstLine(agent, start));
        Assert.Equal(Stage.FirstLineCourse, clock.State.Stage);
        Assert.Contains(clock.State.Timers, t => t.Key == CaseStage.CourseEndWakeUp && t.DueAt == start + Days(courseDays));

        clock.RunUntil(T0 + Days(5));
        Assert.Equal(Stage.FirstLineCourse, clock.State.Stage);

        clock.RunUntil(start + Days(courseDays));
        Assert.Equal(stageAfter, clock.State.Stage.Name);
    }

    [Fact]
    public void Course_end_is_the_recorded_completion_when_there_is_one()
    {
        var catalog = new ProtocolCatalog();
        var protocol = catalog.Get("seed");
        var facts = CaseFacts.From([Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(1)), FirstLineCompleted(T0 + Days(3))]);

        Assert.Equal(T0 + Days(3), FirstLineCourse.End(facts, protocol));
    }

    [Fact]
    public void There_is_no_course_end_before_first_line_starts()
    {
        var facts = CaseFacts.From([Onset(T0)]);

        Assert.Null(FirstLineCourse.End(facts, new ProtocolCatalog().Get("seed")));
    }
}
