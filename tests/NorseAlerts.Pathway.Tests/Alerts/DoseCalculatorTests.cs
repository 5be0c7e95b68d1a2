using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Alerts;

public class DoseCalculatorTests
{
    private static readonly Protocol Seed = new ProtocolCatalog().Get("seed");

    private static Dose DoseOf(string agent) =>
        (Seed.FirstLine.Agents.TryGetValue(agent, out var a) ? a : Seed.SecondLine.Agents[agent]).Dose!;

    [Fact]
    public void Ivig_is_computed_per_kg_per_day_with_the_weight_shown()
    {
        var text = DoseCalculator.Describe(DoseOf(Agents.Ivig), 70, null, Seed.Measurements);

        Assert.Equal("0.4 g/kg/day x 70 kg = 28 g/day", text);
    }

    [Fact]
    public void Rituximab_is_computed_per_m2_with_mosteller_bsa_and_the_formula_shown()
    {
        var text = DoseCalculator.Describe(DoseOf(Agents.Rituximab), 70, 170, Seed.Measurements);

        Assert.Equal("375 mg/m2/dose x BSA 1.82 m2 (Mosteller: sqrt(170 cm x 70 kg / 3600)) = 682 mg/dose", text);
    }

    [Fact]
    public void Cyclophosphamide_range_is_computed_at_both_ends()
    {
        var text = DoseCalculator.Describe(DoseOf(Agents.Cyclophosphamide), 64, 160, Seed.Measurements);

        // Mosteller: sqrt(160 x 64 / 3600) = 1.6867 m2; 500 and 1000 mg/m2.
        Assert.EndsWith("= 843-1687 mg/dose", text);
        Assert.StartsWith("500-1000 mg/m2/dose x BSA 1.69 m2", text);
    }

    [Theory]
    [InlineData(180, 80, 2.0)]
    [InlineData(100, 16, 0.6667)]
    public void Mosteller_bsa_matches_published_values(double heightCm, double weightKg, double bsa)
    {
        Assert.Equal(bsa, DoseCalculator.MostellerBsa(heightCm, weightKg), 3);
    }

    [Theory]
    [InlineData(0.2, 170.0, "recorded weight 0.2 kg is outside the plausible range 0.5-350 kg")]
    [InlineData(700.0, 170.0, "recorded weight 700 kg is outside the plausible range")]
    [InlineData(70.0, 17.0, "recorded height 17 cm is outside the plausible range 30-250 cm")]
    [InlineData(70.0, 1700.0, "recorded height 1700 cm is outside the plausible range")]
    public void Implausible_measurements_are_refused_not_computed(double weightKg, double heightCm, string expected)
    {
        var text = DoseCalculator.Describe(DoseOf(Agents.Rituximab), weightKg, heightCm, Seed.Measurements);

        Assert.Contains(expected, text);
        Assert.Contains("dose not computed", text);
        Assert.DoesNotContain("=", text);
    }

    [Fact]
    public void Missing_measurements_are_named()
    {
        Assert.Equal("0.4 g/kg/day; weight not recorded: dose not computed", DoseCalculator.Describe(DoseOf(Agents.Ivig), null, null, Seed.Measurements));
        Assert.EndsWith("height not recorded: dose not computed", DoseCalculator.Describe(DoseOf(Agents.Rituximab), 70, null, Seed.Measurements));
    }

    [Fact]
    public void Fixed_doses_need_no_measurements()
    {
        Assert.Equal("1 g/day", DoseCalculator.Describe(DoseOf(Agents.Methylprednisolone), null, null, Seed.Measurements));
    }

    [Fact]
    public void Overdue_page_shows_the_ivig_dose_for_the_latest_weight_and_its_source()
    {
        var clock = new Clock("seed", start: T0 + Days(8));
        clock.Send(Measurements(T0, 60, 170), Measurements(T0 + Days(1), 80, null));

        var page = Assert.Single(clock.Send(Onset(T0)).Pages);

        var ivig = page.Alert.Recommendations.Single(r => r.Title == "IV immunoglobulin (IVIG)");
        Assert.Contains("0.4 g/kg/day x 80 kg = 32 g/day", ivig.Detail);
        Assert.Contains("0.4 gm/day", ivig.Source);
        var methylpred = page.Alert.Recommendations.Single(r => r.Title == "IV methylprednisolone");
        Assert.Contains("1 g/day", methylpred.Detail);
        Assert.Contains("StatPearls", methylpred.Source);
        Assert.Contains(page.Alert.Recommendations, r => r.Title == "Plasmapheresis");
    }

    [Fact]
    public void Page_refuses_to_dose_from_an_implausible_weight()
    {
        var clock = new Clock("seed", start: T0 + Days(8));
        clock.Send(Measurements(T0, 7000, 170));

        var page = Assert.Single(clock.Send(Onset(T0)).Pages);

        var ivig = page.Alert.Recommendations.Single(r => r.Title == "IV immunoglobulin (IVIG)");
        Assert.Contains("outside the plausible range", ivig.Detail);
        Assert.DoesNotContain("g/day x", ivig.Detail);
    }

    [Fact]
    public void A_weight_recorded_after_the_page_updates_the_open_alert_dose_without_a_new_page()
    {
        var clock = new Clock("seed", start: T0 + Days(8));
        clock.Send(Onset(T0));
        var pages = clock.Pages.Count();

        var d = clock.Send(Measurements(clock.Now, 50, null));

        Assert.Empty(d.Pages);
        Assert.Equal(pages, clock.Pages.Count());
        Assert.Contains(d.Effects, e => e is AlertUpdated u && u.Kind == AlertKind.FirstLineOverdue);
        var ivig = clock.Open(AlertKind.FirstLineOverdue)!.Recommendations.Single(r => r.Title == "IV immunoglobulin (IVIG)");
        Assert.Contains("x 50 kg = 20 g/day", ivig.Detail);
    }
}
