using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>PATHWAY.md (Hirsch 2018): anesthetic infusion for 24 h without control is super-refractory SE.</summary>
public class SuperRefractoryTests
{
    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Infusion_running_24_hours_without_control_flags_super_refractory(string protocol)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Methylprednisolone, T0 + Hours(1)));
        clock.RunUntil(T0 + Hours(3));
        clock.Send(InfusionStarted(clock.Now));

        clock.RunUntil(T0 + Hours(27) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(clock.PagesOf(AlertKind.SuperRefractory));
        Assert.Equal(DeadlineStatus.Pending, clock.DeadlineOf(SuperRefractory.DeadlineKind)!.Status);

        clock.RunUntil(T0 + Hours(27));
        var (at, page) = Assert.Single(clock.PagesOf(AlertKind.SuperRefractory));
        Assert.Equal(T0 + Hours(27), at);
        Assert.Equal("critical", page.Alert.Severity);
        Assert.Contains(page.Alert.Recommendations, r => r.Source.Contains("Hirsch"));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Seizure_control_resolves_super_refractory(string protocol)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), InfusionStarted(T0 + Hours(1)));
        clock.RunUntil(T0 + Hours(30));
        var alert = clock.Open(AlertKind.SuperRefractory)!;

        var d = clock.Send(Controlled(clock.Now));

        Assert.Contains(d.Effects, e => e is AlertResolved r && r.AlertId == alert.AlertId);
        Assert.Contains("seizure control", clock.State.Alerts.Single(a => a.AlertId == alert.AlertId).Resolution);
        Assert.Null(clock.DeadlineOf(SuperRefractory.DeadlineKind));
    }

    [Fact]
    public void Control_within_24_hours_means_no_flag()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), InfusionStarted(T0 + Hours(1)));
        clock.RunUntil(T0 + Hours(20));
        clock.Send(Controlled(clock.Now));

        clock.RunUntil(T0 + Days(3));
        Assert.Empty(clock.PagesOf(AlertKind.SuperRefractory));
    }

    [Fact]
    public void A_new_uncontrolled_infusion_after_control_is_a_new_alert()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), InfusionStarted(T0 + Hours(1)));
        clock.RunUntil(T0 + Hours(26));
        clock.Send(Controlled(clock.Now));
        clock.RunUntil(T0 + Hours(40));
        clock.Send(InfusionStarted(clock.Now));

        clock.RunUntil(T0 + Hours(64));

        var alerts = clock.AlertsOf(AlertKind.SuperRefractory).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Equal(AlertState.Resolved, alerts[0].State);
        Assert.True(alerts[1].IsOpen);
        Assert.Equal(T0 + Hours(64), alerts[1].DueAt);
    }
}
