using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests;

public class PathwayTests
{
    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Events_before_the_onset_are_held_and_applied_when_it_arrives(string protocol)
    {
        var clock = new Clock(protocol, start: T0 + Days(1));
        var held = clock.Send(FirstLine(Agents.Ivig, T0 + Hours(5)), Measurements(T0 + Hours(4), 70, 170));

        Assert.Equal(CaseStatus.Pending, held.State.Status);
        Assert.Null(held.State.CaseId);
        Assert.Contains(held.Effects, e => e is EventHeld);
        Assert.Empty(held.State.Timers);

        var opened = clock.Send(Onset(T0));

        Assert.Equal(CaseStatus.Active, opened.State.Status);
        Assert.Equal(2, opened.Effects.OfType<EventApplied>().Count(e => e.Type != EventTypes.RseOnset));
        Assert.Equal(Stage.FirstLineCourse, opened.State.Stage);
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
        clock.RunUntil(T0 + Days(5));
        Assert.Empty(clock.PagesOf(AlertKind.FirstLineDueSoon));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void A_case_pins_the_protocol_name_and_version_it_started_with(string protocol)
    {
        var original = new ProtocolCatalog();
        var clock = new Clock(protocol, catalog: original);
        var opened = clock.Send(Onset(T0));
        var pinned = original.Get(protocol);
        Assert.Contains(opened.Effects, e => e is CaseOpened o && o.Protocol == protocol && o.Version == pinned.Version);

        // The institution later loads version 2.0.0 with a one-day window: the open case keeps its own.
        var newer = pinned with { Version = "2.0.0", FirstLine = pinned.FirstLine with { Window = pinned.FirstLine.Window with { Value = 1, Unit = "d" } } };
        var upgraded = new CasePathway(new ProtocolCatalog([newer]), new PathwayOptions { Protocol = protocol });
        var d = upgraded.Decide(clock.State, new Tick(), T0 + Days(2));

        Assert.Equal(pinned.Version, d.State.ProtocolVersion);
        Assert.Equal(protocol, d.State.ProtocolName);
        Assert.DoesNotContain(d.Pages, p => p.Alert.Kind == AlertKind.FirstLineOverdue);

        var fresh = upgraded.Decide(CaseState.New("OTHER:1"), new EventSignal(Onset(T0) with { Subject = "OTHER:1" }), T0 + Days(2));
        Assert.Equal("2.0.0", fresh.State.ProtocolVersion);
        Assert.Contains(fresh.Pages, p => p.Alert.Kind == AlertKind.FirstLineOverdue);
    }

    [Fact]
    public void A_tick_on_a_pending_case_changes_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(FirstLine(Agents.Ivig, T0));
        var before = clock.State;

        var d = clock.Pathway.Decide(before, new Tick(), T0 + Days(30));

        Assert.Same(before, d.State);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void A_tick_on_a_closed_case_changes_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), Event(EventTypes.PatientDeceased, T0 + Days(1)));
        var before = clock.State;

        var d = clock.Pathway.Decide(before, new Tick(), T0 + Days(30));

        Assert.Same(before, d.State);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void A_duplicate_event_changes_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(1)));
        var before = clock.State;

        var d = clock.Send(FirstLine(Agents.Ivig, T0 + Hours(1)));

        Assert.Same(before, d.State);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void A_tick_before_anything_is_due_changes_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        var before = clock.State;

        var d = clock.Pathway.Decide(before, new Tick(), T0 + Hours(1));

        Assert.Same(before, d.State);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void Alert_and_case_ids_are_the_same_on_every_run_and_reveal_no_patient_key()
    {
        static CaseState Run()
        {
            var clock = new Clock("seed");
            clock.Send(Onset(T0));
            clock.RunUntil(T0 + Days(8));
            return clock.State;
        }

        var a = Run();
        var b = Run();

        Assert.Equal(a.CaseId, b.CaseId);
        Assert.Equal(a.Alerts.Select(x => x.AlertId), b.Alerts.Select(x => x.AlertId));
        Assert.Equal(Ids.Alert(a.CaseId!, AlertKind.FirstLineOverdue, "", 1), a.Alerts.Single(x => x.Kind == AlertKind.FirstLineOverdue).AlertId);
        Assert.DoesNotContain(Patient, a.CaseId, StringComparison.Ordinal);
        var key = "a deployment secret of the test"u8.ToArray();
        Assert.DoesNotContain("0001", Ids.Patient(key, Patient), StringComparison.Ordinal);
        Assert.Equal(Ids.Patient(key, Patient), Ids.Patient(key, Patient));
        Assert.NotEqual(Ids.Patient(key, Patient), Ids.Patient(key, "TEST:0002"));
    }

    [Fact]
    public void Case_state_survives_a_json_round_trip()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), Measurements(T0, 70, 170), InfusionStarted(T0 + Hours(1)));
        clock.RunUntil(T0 + Days(8));

        var json = System.Text.Json.JsonSerializer.Serialize(clock.State, PathwayJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<CaseState>(json, PathwayJson.Options)!;
        var d1 = clock.Pathway.Decide(clock.State, new Tick(), T0 + Days(9));
        var d2 = clock.Pathway.Decide(back, new Tick(), T0 + Days(9));

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(d1, PathwayJson.Options),
            System.Text.Json.JsonSerializer.Serialize(d2, PathwayJson.Options));
    }

    [Fact]
    public void Merge_moves_the_old_record_events_into_the_surviving_case_and_closes_the_old_one()
    {
        var pathway = new CasePathway(new ProtocolCatalog(), new PathwayOptions());
        var now = T0 + Days(8);
        var into = pathway.Decide(CaseState.New(Patient), new EventSignal(Measurements(T0, 70, 170)), now).State;
        var fromKey = "OLD:42";
        var from = CaseState.New(fromKey);
        from = pathway.Decide(from, new EventSignal(Onset(T0) with { Subject = fromKey }), T0).State;
        from = pathway.Decide(from, new EventSignal(FirstLine(Agents.Ivig, T0 + Days(1)) with { Subject = fromKey }), T0 + Days(1)).State;

        var (target, source) = pathway.Merge(into, from, now);

        Assert.Equal(CaseStatus.Active, target.State.Status);
        Assert.All(target.State.Events, e => Assert.Equal(Patient, e.Subject));
        Assert.Equal(3, target.State.Events.Count);
        Assert.Equal(DeadlineStatus.Met, target.State.Deadlines.Single(d => d.Kind == FirstLineWindow.DeadlineKind).Status);
        Assert.Equal([AlertKind.ResponseCheckDue], target.Pages.Select(p => p.Alert.Kind));
        Assert.Equal(CaseStatus.Closed, source.State.Status);
        Assert.Empty(source.State.Timers);
        Assert.Contains(source.Effects, e => e is EventsMerged { Count: 2 });
        Assert.Contains(source.Effects, e => e is CaseClosed);
    }

    [Fact]
    public void Merge_of_held_events_closes_the_old_record_so_they_are_not_applied_twice()
    {
        var pathway = new CasePathway(new ProtocolCatalog(), new PathwayOptions());
        var from = pathway.Decide(CaseState.New("OLD:42"), new EventSignal(FirstLine(Agents.Ivig, T0) with { Subject = "OLD:42" }), T0).State;
        var into = pathway.Decide(CaseState.New(Patient), new EventSignal(Onset(T0)), T0).State;

        var (target, source) = pathway.Merge(into, from, T0 + Hours(1));

        Assert.Contains(target.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Equal(CaseStatus.Closed, source.State.Status);
        Assert.True(source.Changed);
    }

    [Fact]
    public void Merge_pages_only_for_what_holds_once_every_moved_event_is_applied()
    {
        var pathway = new CasePathway(new ProtocolCatalog(), new PathwayOptions());
        var now = T0 + Days(8);
        var from = CaseState.New("OLD:42");
        from = pathway.Decide(from, new EventSignal(FirstLine(Agents.Ivig, T0 + Days(1)) with { Subject = "OLD:42" }), now).State;
        from = pathway.Decide(from, new EventSignal(Onset(T0) with { Subject = "OLD:42" }), now).State;

        var (target, _) = pathway.Merge(CaseState.New(Patient), from, now);

        Assert.Equal(CaseStatus.Active, target.State.Status);
        Assert.DoesNotContain(target.Pages, p => p.Alert.Kind == AlertKind.FirstLineOverdue);
    }

    [Fact]
    public void Pathway_refuses_an_unknown_default_protocol_and_a_non_positive_ack_timeout()
    {
        Assert.Throws<KeyNotFoundException>(() => new CasePathway(new ProtocolCatalog(), new PathwayOptions { Protocol = "nope" }));
        Assert.Throws<ArgumentException>(() => new CasePathway(new ProtocolCatalog(), new PathwayOptions { AckTimeout = TimeSpan.Zero }));
    }
}
