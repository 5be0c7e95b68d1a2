using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>
/// <c>event.entered-in-error</c>: a first-line start charted on the wrong patient must not keep meeting the first-line
/// window. The retracted event stays in the record and counts for nothing.
/// </summary>
public class RetractionTests
{
    [Fact]
    public void A_first_line_start_entered_in_error_makes_the_overdue_first_line_page()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Days(2)) with { Id = "dose-1" });
        clock.RunUntil(T0 + Days(8));
        Assert.Empty(clock.PagesOf(AlertKind.FirstLineOverdue));

        var d = clock.Send(Retraction("dose-1", clock.Now));

        Assert.Equal(Stage.FirstLineOverdue, d.State.Stage);
        Assert.NotNull(clock.Open(AlertKind.FirstLineOverdue));
        Assert.Contains(d.Pages, p => p.Alert.Kind == AlertKind.FirstLineOverdue);
        Assert.Equal(DeadlineStatus.Missed, clock.DeadlineOf("first-line-window")!.Status);
        Assert.Contains(d.State.Events, e => e.Id == "dose-1");
    }

    [Fact]
    public void A_retraction_from_another_source_retracts_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Days(2)) with { Id = "dose-1" });
        clock.RunUntil(T0 + Days(8));

        var d = clock.Send(Retraction("dose-1", clock.Now) with { Source = "another-system" });

        Assert.Null(clock.Open(AlertKind.FirstLineOverdue));
        Assert.Empty(d.Pages);
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf("first-line-window")!.Status);
    }

    [Fact]
    public void An_onset_cannot_be_retracted()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0) with { Id = "onset-1" });

        var d = clock.Send(Retraction("onset-1", T0 + Hours(2)));

        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.Equal(T0, d.State.OnsetAt);
        Assert.Equal(DeadlineStatus.Pending, clock.DeadlineOf("first-line-window")!.Status);
    }

    [Theory]
    [InlineData("MedicationAdministration/7/_history/1", "MedicationAdministration/7", true)]
    [InlineData("MedicationAdministration/7/_content/0123456789abcdef", "MedicationAdministration/7", true)]
    [InlineData("MedicationAdministration/7", "MedicationAdministration/7", true)]
    [InlineData("MedicationAdministration/70/_history/1", "MedicationAdministration/7", false)]
    [InlineData("dose-1", "dose-10", false)]
    public void A_retraction_names_an_event_or_every_version_of_a_fhir_resource(string id, string retracts, bool retracted)
    {
        var dose = FirstLine(Agents.Ivig, T0) with { Id = id };

        Assert.Equal(retracted, dose.IsRetractedBy(Retraction(retracts, T0 + Hours(1))));
    }

    [Theory]
    [InlineData(EventTypes.PatientDischarged)]
    [InlineData(EventTypes.PatientDeceased)]
    public void A_closure_entered_in_error_reopens_the_case(string closure)
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Send(Event(closure, T0 + Days(1), id: "closure-1"));
        Assert.Equal(CaseStatus.Closed, clock.State.Status);
        clock.Advance(Days(2));

        var d = clock.Send(Retraction("closure-1", clock.Now));

        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.Contains(d.Effects, e => e is CaseReopened);
        Assert.Equal(Stage.FirstLineWindow, d.State.Stage);
    }

    [Fact]
    public void A_retraction_on_a_closed_case_rereads_its_frozen_deadlines_and_raises_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Days(2)) with { Id = "dose-1" });
        clock.Send(Event(EventTypes.PatientDeceased, T0 + Days(4)));
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf("first-line-window")!.Status);
        clock.Advance(Days(10));

        var d = clock.Send(Retraction("dose-1", clock.Now));

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Contains(d.State.Events, e => e.Type == EventTypes.EnteredInError);
        Assert.Equal(DeadlineStatus.Cancelled, clock.DeadlineOf("first-line-window")!.Status);
        Assert.Empty(d.Pages);
        Assert.DoesNotContain(d.Effects, e => e is AlertRaised or CaseReopened);
    }

    private static ClinicalEvent Retraction(string retracts, DateTimeOffset at) => Event(EventTypes.EnteredInError, at) with { Retracts = retracts };
}
