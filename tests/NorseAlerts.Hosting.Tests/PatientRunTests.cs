using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using Xunit;
using static NorseAlerts.Hosting.Tests.HostingSamples;

namespace NorseAlerts.Hosting.Tests;

public class PatientRunTests
{
    [Fact]
    public void A_first_start_begins_a_new_case_with_the_signal_to_apply()
    {
        var first = RaisedSignal.Of(Onset());

        var run = PatientRun.Start(PatientKey, first, previous: null);

        Assert.Equal(CaseStatus.Pending, run.State.Status);
        Assert.Equal(PatientKey, run.State.PatientKey);
        Assert.Same(first, run.First);
        Assert.Empty(run.Unsent);
    }

    [Fact]
    public void A_restart_after_closure_keeps_the_closed_case()
    {
        var previous = NewPathway().Decide(CaseState.New(PatientKey), new EventSignal(Onset()), T0).State;

        var run = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous);

        Assert.Same(previous, run.State);
    }

    [Fact]
    public void A_previous_case_of_another_patient_is_refused()
    {
        var other = CaseState.New("GENH:99999999");

        Assert.Throws<ArgumentException>(() => PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), other));
    }

    [Fact]
    public void A_restart_keeps_the_cases_before_the_closed_one()
    {
        var pathway = NewPathway();
        var previous = pathway.Decide(CaseState.New(PatientKey), new EventSignal(Onset()), T0).State;
        var earlier = pathway.Decide(CaseState.New(PatientKey), new EventSignal(Onset() with { Id = "onset-0" }), T0).State;

        var run = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous, [earlier]);

        Assert.Equal([earlier, previous], run.Cases());
    }

    [Fact]
    public void A_first_start_has_no_cases_to_read()
    {
        var run = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);

        Assert.Empty(run.Cases());
    }
}
