using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>PATHWAY.md: no response -> second line (both protocols); consensus-2022 also at T0 + 7 d without response.</summary>
public class SecondLineRecommendationTests
{
    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Not_responding_assessment_recommends_second_line_with_the_protocol_agents(string protocol)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.Advance(Days(4));

        var d = clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now));

        var page = Assert.Single(d.Pages);
        Assert.Equal(AlertKind.SecondLineRecommended, page.Alert.Kind);
        Assert.Equal("neurology-oncall", page.Alert.RecipientRole);
        Assert.Contains("failure to wean anesthetic agents", page.Alert.Message);
        Assert.Contains(page.Alert.Recommendations, r => r.Title == "IV rituximab" && r.Detail.Contains("375 mg/m2"));
        Assert.Contains(page.Alert.Recommendations, r => r.Title == "IV cyclophosphamide");
        Assert.All(page.Alert.Recommendations, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        Assert.Equal(Stage.SecondLineRecommended, clock.State.Stage);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Second_line_start_resolves_the_recommendation(string protocol)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.Advance(Days(4));
        clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now));
        clock.Advance(Hours(6));

        var d = clock.Send(SecondLine(Agents.Anakinra, clock.Now));

        Assert.Contains(d.Effects, e => e is AlertResolved r && r.Kind == AlertKind.SecondLineRecommended);
        Assert.Contains("second line (anakinra) started", clock.AlertsOf(AlertKind.SecondLineRecommended).Single().Resolution);
        Assert.Equal(Stage.SecondLine, clock.State.Stage);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Responding_assessment_resolves_the_recommendation(string protocol)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.Advance(Days(4));
        clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now));
        clock.Advance(Hours(6));

        clock.Send(Assessed(ResponseOutcomes.Responding, clock.Now));

        var alert = Assert.Single(clock.AlertsOf(AlertKind.SecondLineRecommended));
        Assert.Equal(AlertState.Resolved, alert.State);
        Assert.Contains("responding", alert.Resolution);
        Assert.Equal(Stage.Responding, clock.State.Stage);
    }

    [Fact]
    public void Consensus_recommends_second_line_7_days_after_onset_without_a_responding_assessment()
    {
        var clock = new Clock("consensus-2022");
        clock.Send(Onset(T0), FirstLine(Agents.Methylprednisolone, T0 + Hours(2)));

        clock.RunUntil(T0 + Days(7) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(clock.PagesOf(AlertKind.SecondLineRecommended));
        Assert.Equal(DeadlineStatus.Pending, clock.DeadlineOf(SecondLineRecommendation.DeadlineKind)!.Status);

        clock.RunUntil(T0 + Days(7));
        var (at, page) = Assert.Single(clock.PagesOf(AlertKind.SecondLineRecommended));
        Assert.Equal(T0 + Days(7), at);
        Assert.Contains("ketogenic diet", page.Alert.Message);
        Assert.Contains(page.Alert.Recommendations, r => r.Title == "Ketogenic diet");
        Assert.Contains(page.Alert.Recommendations, r => r.Title == "Choice of second-line agent" && r.Source.Contains("Wickstrom"));
        Assert.Equal(DeadlineStatus.Missed, clock.DeadlineOf(SecondLineRecommendation.DeadlineKind)!.Status);
    }

    [Fact]
    public void Consensus_does_not_recommend_at_7_days_when_an_assessment_says_responding()
    {
        var clock = new Clock("consensus-2022");
        clock.Send(Onset(T0), FirstLine(Agents.Methylprednisolone, T0 + Hours(2)), Assessed(ResponseOutcomes.Responding, T0 + Days(5)));

        clock.RunUntil(T0 + Days(20));
        Assert.Empty(clock.PagesOf(AlertKind.SecondLineRecommended));
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf(SecondLineRecommendation.DeadlineKind)!.Status);
    }

    [Fact]
    public void Consensus_7_day_recommendation_resolves_when_a_responding_assessment_arrives()
    {
        var clock = new Clock("consensus-2022");
        clock.Send(Onset(T0), FirstLine(Agents.Methylprednisolone, T0 + Hours(2)));
        clock.RunUntil(T0 + Days(8));

        clock.Send(Assessed(ResponseOutcomes.Responding, clock.Now));

        Assert.Equal(AlertState.Resolved, clock.AlertsOf(AlertKind.SecondLineRecommended).Single().State);
        Assert.Equal(DeadlineStatus.Late, clock.DeadlineOf(SecondLineRecommendation.DeadlineKind)!.Status);
    }

    [Fact]
    public void Seed_never_recommends_second_line_by_time_alone()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Methylprednisolone, T0 + Hours(2)));

        clock.RunUntil(T0 + Days(60));
        Assert.Empty(clock.PagesOf(AlertKind.SecondLineRecommended));
        Assert.Null(clock.DeadlineOf(SecondLineRecommendation.DeadlineKind));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void A_later_not_responding_assessment_raises_a_new_alert_after_a_response(string protocol)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(2)));
        clock.RunUntil(T0 + Days(3));
        clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now));
        clock.RunUntil(T0 + Days(4));
        clock.Send(Assessed(ResponseOutcomes.Responding, clock.Now));
        clock.RunUntil(T0 + Days(6));

        clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now));

        var alerts = clock.AlertsOf(AlertKind.SecondLineRecommended).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.NotEqual(alerts[0].AlertId, alerts[1].AlertId);
        Assert.Equal(AlertState.Resolved, alerts[0].State);
        Assert.True(alerts[1].IsOpen);
    }
}
