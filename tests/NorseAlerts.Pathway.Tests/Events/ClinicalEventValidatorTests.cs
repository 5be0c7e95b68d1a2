using NorseAlerts.Pathway.Events;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Events;

public class ClinicalEventValidatorTests
{
    private static readonly DateTimeOffset Now = T0 + Days(1);

    private static IReadOnlyList<string> FieldsOf(ClinicalEvent e) => [.. ClinicalEventValidator.Validate(e, Now).Select(x => x.Field)];

    [Fact]
    public void A_well_formed_event_of_every_type_is_valid()
    {
        foreach (var type in EventTypes.All)
        {
            var e = Event(type, T0) with
            {
                Agent = type == EventTypes.FirstLineStarted ? Agents.Ivig : type == EventTypes.SecondLineStarted ? "hypothermia" : null,
                Outcome = type == EventTypes.ResponseAssessed ? ResponseOutcomes.Responding : null,
                From = type == EventTypes.PatientMerged ? "OLD:1" : null,
                WeightKg = type == EventTypes.PatientMeasurements ? 70 : null,
                Retracts = type == EventTypes.EnteredInError ? "dose-1" : null,
            };
            Assert.Empty(ClinicalEventValidator.Validate(e, Now));
        }
    }

    [Fact]
    public void Missing_envelope_fields_are_each_named()
    {
        var e = new ClinicalEvent { Source = " ", Id = "", Type = "", Time = default, Subject = "" };

        Assert.Equal(["source", "id", "subject", "type", "time"], FieldsOf(e));
    }

    [Fact]
    public void Unknown_type_is_named()
    {
        var error = Assert.Single(ClinicalEventValidator.Validate(Event("rse.offset", T0), Now));
        Assert.Equal("type", error.Field);
        Assert.Contains("rse.offset", error.Message);
    }

    [Fact]
    public void Time_more_than_five_minutes_ahead_is_refused_and_within_five_is_accepted()
    {
        Assert.Equal(["time"], FieldsOf(Onset(Now + Minutes(5) + TimeSpan.FromSeconds(1))));
        Assert.Empty(FieldsOf(Onset(Now + Minutes(5))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("rituximab")]
    [InlineData("IVIG")]
    public void First_line_start_must_name_a_first_line_agent(string? agent)
    {
        Assert.Equal(["data.agent"], FieldsOf(Event(EventTypes.FirstLineStarted, T0, agent)));
    }

    [Fact]
    public void Second_line_start_must_name_an_agent()
    {
        Assert.Equal(["data.agent"], FieldsOf(Event(EventTypes.SecondLineStarted, T0)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("better")]
    public void Assessment_outcome_must_be_responding_or_not_responding(string? outcome)
    {
        Assert.Equal(["data.outcome"], FieldsOf(Event(EventTypes.ResponseAssessed, T0, outcome: outcome)));
    }

    [Fact]
    public void Merge_needs_a_different_old_patient_key()
    {
        Assert.Equal(["data.from"], FieldsOf(Event(EventTypes.PatientMerged, T0)));
        Assert.Equal(["data.from"], FieldsOf(Event(EventTypes.PatientMerged, T0) with { From = Patient }));
    }

    [Theory]
    [InlineData(null, null, "data")]
    [InlineData(-70.0, null, "data.weightKg")]
    [InlineData(double.NaN, null, "data.weightKg")]
    [InlineData(70.0, 0.0, "data.heightCm")]
    [InlineData(null, double.PositiveInfinity, "data.heightCm")]
    public void Measurements_need_a_positive_weight_or_height(double? weightKg, double? heightCm, string field)
    {
        Assert.Equal([field], FieldsOf(Measurements(T0, weightKg, heightCm)));
    }
}
