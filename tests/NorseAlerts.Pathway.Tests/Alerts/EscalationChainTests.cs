using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Alerts;

/// <summary>DESIGN section 4: oncall -> backup -> neurocritical care, last level 3 more times, 15 min ack timeout.</summary>
public class EscalationChainTests
{
    private static Clock Overdue(string protocol, TimeSpan? ackTimeout = null)
    {
        var clock = new Clock(protocol, ackTimeout, start: T0 + Days(8));
        clock.Send(Onset(T0));
        return clock;
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Unacknowledged_alert_climbs_the_chain_repeats_the_last_level_three_times_then_stops(string protocol)
    {
        var clock = Overdue(protocol);
        var raisedAt = clock.Now;

        clock.Advance(Hours(6));

        var pages = clock.PagesOf(AlertKind.FirstLineOverdue).ToList();
        Assert.Equal(
            [
                ("neurology-oncall", 1, 0, raisedAt),
                ("neurology-backup", 2, 0, raisedAt + Minutes(15)),
                ("neurocritical-care-attending", 3, 0, raisedAt + Minutes(30)),
                ("neurocritical-care-attending", 3, 1, raisedAt + Minutes(45)),
                ("neurocritical-care-attending", 3, 2, raisedAt + Minutes(60)),
                ("neurocritical-care-attending", 3, 3, raisedAt + Minutes(75)),
            ],
            pages.Select(x => (x.Page.Alert.RecipientRole, x.Page.Alert.Level, x.Page.Alert.Repeat, x.At)));
        Assert.All(pages, x => Assert.Equal(Page.IdFor(x.Page.Alert.AlertId, x.Page.Alert.Level, x.Page.Alert.Repeat), x.Page.MessageId));
        Assert.Single(pages.Select(x => x.Page.Alert.AlertId).Distinct());
        Assert.Single(clock.Effects.OfType<EscalationExhausted>(), e => e.AlertId == pages[0].Page.Alert.AlertId);

        var alert = clock.Open(AlertKind.FirstLineOverdue)!;
        Assert.True(alert.EscalationExhausted);
        Assert.Equal(AlertState.Triggered, alert.State);
        Assert.DoesNotContain(clock.State.Timers, t => t.Key.StartsWith("ack:", StringComparison.Ordinal));
    }

    [Fact]
    public void Acknowledgement_stops_the_chain()
    {
        var clock = Overdue("seed");
        clock.Advance(Minutes(20));
        var alert = clock.Open(AlertKind.FirstLineOverdue)!;
        Assert.Equal(2, alert.Level);

        var d = clock.Ack(alert.AlertId, "dr-backup", "giving IVIG now");

        Assert.Contains(d.Effects, e => e is AlertAcknowledged a && a.AlertId == alert.AlertId && a.By == "dr-backup");
        Assert.Contains(d.Effects, e => e is TimerCancelled t && t.Key == "ack:" + alert.AlertId);
        var acked = clock.Open(AlertKind.FirstLineOverdue)!;
        Assert.Equal(AlertState.Acknowledged, acked.State);
        Assert.Equal("giving IVIG now", acked.AckNote);
        Assert.Equal(clock.Now, acked.AcknowledgedAt);

        var pages = clock.Pages.Count();
        clock.Advance(Days(2));
        Assert.Equal(pages, clock.Pages.Count());
        Assert.Equal(2, clock.Open(AlertKind.FirstLineOverdue)!.Level);
    }

    [Fact]
    public void Acknowledged_alert_still_resolves_when_its_condition_stops_holding()
    {
        var clock = Overdue("seed");
        var alert = clock.Open(AlertKind.FirstLineOverdue)!;
        clock.Ack(alert.AlertId);

        clock.Send(FirstLine(NorseAlerts.Pathway.Events.Agents.Ivig, clock.Now));

        Assert.Equal(AlertState.Resolved, clock.State.Alerts.Single(a => a.AlertId == alert.AlertId).State);
    }

    [Fact]
    public void Acknowledging_twice_or_an_unknown_alert_changes_nothing()
    {
        var clock = Overdue("seed");
        var alert = clock.Open(AlertKind.FirstLineOverdue)!;
        clock.Ack(alert.AlertId);
        var before = clock.State;

        Assert.Empty(clock.Ack(alert.AlertId).Effects);
        Assert.Empty(clock.Ack("alert-unknown").Effects);
        Assert.Same(before, clock.State);
    }

    [Fact]
    public void Configured_ack_timeout_overrides_the_protocol()
    {
        var clock = Overdue("seed", ackTimeout: TimeSpan.FromSeconds(5));
        var raisedAt = clock.Now;

        clock.Advance(TimeSpan.FromSeconds(11));

        var pages = clock.History.SelectMany(h => h.Decision.Pages.Select(p => (h.At, p.Alert.Level))).ToList();
        Assert.Equal([(raisedAt, 1), (raisedAt + TimeSpan.FromSeconds(5), 2), (raisedAt + TimeSpan.FromSeconds(10), 3)], pages);
    }

    [Fact]
    public void A_late_tick_after_downtime_moves_one_level_and_sends_each_page_once()
    {
        var clock = Overdue("seed");
        var alert = clock.Open(AlertKind.FirstLineOverdue)!;

        var d1 = clock.Pathway.Decide(clock.State, new Tick(), clock.Now + Hours(3));
        var d2 = clock.Pathway.Decide(d1.State, new Tick(), clock.Now + Hours(3));

        Assert.Equal([Page.IdFor(alert.AlertId, 2, 0)], d1.Pages.Select(p => p.MessageId));
        Assert.Empty(d2.Pages);
    }

    [Fact]
    public void Chain_steps_through_roles_then_repeats_the_last()
    {
        var chain = EscalationChain.From(new ProtocolCatalog().Get("seed").Escalation, null);

        Assert.Equal(TimeSpan.FromMinutes(15), chain.AckTimeout);
        Assert.Equal((2, 0), chain.Next(1, 0));
        Assert.Equal((3, 0), chain.Next(2, 0));
        Assert.Equal((3, 1), chain.Next(3, 0));
        Assert.Equal((3, 3), chain.Next(3, 2));
        Assert.Null(chain.Next(3, 3));
        Assert.Equal("neurocritical-care-attending", chain.RoleAt(3));
    }
}
