using NorseAlerts.Pathway.Events;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Events;

public class FieldLimitsTests
{
    private static readonly DateTimeOffset Now = T0 + Days(1);

    private static IReadOnlyList<FieldError> Errors(ClinicalEvent e) => ClinicalEventValidator.Validate(e, Now);

    [Fact]
    public void An_unknown_type_is_refused_with_the_list_of_valid_types()
    {
        var error = Assert.Single(Errors(Event("rse.offset", T0)));

        Assert.Equal("type", error.Field);
        Assert.All(EventTypes.All, type => Assert.Contains(type, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_id_of_a_hundred_thousand_characters_is_refused_with_the_limit()
    {
        var error = Assert.Single(Errors(Event(EventTypes.RseOnset, T0) with { Id = new string('7', 100_000) }));

        Assert.Equal("id", error.Field);
        Assert.Contains($"at most {FieldLimits.Id}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GENH:\u0000123")]
    [InlineData("GENH:123\r\nX-Injected: 1")]
    [InlineData("GENH:\u202E654321")]
    public void Control_and_bidirectional_characters_in_a_patient_key_are_refused(string subject)
    {
        var error = Assert.Single(Errors(Event(EventTypes.RseOnset, T0) with { Subject = subject }));

        Assert.Equal("subject", error.Field);
        Assert.Contains("control character", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_may_span_lines()
    {
        var e = Event(EventTypes.ResponseAssessed, T0) with { Outcome = ResponseOutcomes.NotResponding, Reason = "still seizing\non EEG" };

        Assert.Empty(Errors(e));
    }

    [Theory]
    [InlineData(1e308, null)]
    [InlineData(70000.0, null)]
    [InlineData(null, 1750.0)]
    public void Implausible_measurements_are_refused(double? weightKg, double? heightCm)
    {
        var e = Event(EventTypes.PatientMeasurements, T0) with { WeightKg = weightKg, HeightCm = heightCm };

        var error = Assert.Single(Errors(e));
        Assert.Contains("not a plausible value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newborn_and_a_heavy_adult_are_plausible()
    {
        Assert.Empty(Errors(Event(EventTypes.PatientMeasurements, T0) with { WeightKg = 2.8, HeightCm = 49 }));
        Assert.Empty(Errors(Event(EventTypes.PatientMeasurements, T0) with { WeightKg = 240, HeightCm = 201 }));
    }
}
