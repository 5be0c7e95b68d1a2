using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Protocols.ProtocolFiles;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Protocols;

/// <summary>Alert severities, page order and clinical texts come from the case's protocol, each with its source.</summary>
public class ProtocolAlertDataTests
{
    private static readonly ProtocolCatalog BuiltIn = new();

    /// <summary>An institution protocol "st-elsewhere" made from seed by <paramref name="edit"/>.</summary>
    private static CasePathway Institution(Action<JsonObject> edit)
    {
        var root = Document();
        root["name"] = "st-elsewhere";
        edit(root);
        return new CasePathway(new ProtocolCatalog([Read(root)]), new PathwayOptions { Protocol = "st-elsewhere" });
    }

    /// <summary>Onset and an anesthetic infusion both learnt 8 days on: first line overdue and super-refractory at once.</summary>
    private static IReadOnlyList<Page> OverdueAndSuperRefractoryAtOnce(CasePathway pathway) =>
        pathway.Decide(CaseState.New(Patient), new EventBatch([Onset(T0), InfusionStarted(T0 + Hours(1))]), T0 + Days(8)).Pages.ToList();

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void Built_in_protocols_rate_every_alert_kind_as_the_product_always_has(string protocol)
    {
        var alerts = BuiltIn.Get(protocol).Alerts;

        Assert.Equal(
            [
                ("first-line-due-soon", "warning"), ("first-line-overdue", "critical"), ("response-check-due", "warning"),
                ("second-line-recommended", "high"), ("second-line-dose-overdue", "high"), ("super-refractory", "critical"),
            ],
            alerts.Kinds.Select(k => (k.Kind, k.Severity)));
        Assert.All(alerts.Kinds, k => Assert.Equal("product", k.Source));
    }

    [Fact]
    public void Alerts_raised_together_page_in_protocol_order_with_protocol_severities()
    {
        var pages = OverdueAndSuperRefractoryAtOnce(new CasePathway(BuiltIn, new PathwayOptions()));

        Assert.Equal([(AlertKind.FirstLineOverdue, "critical"), (AlertKind.SuperRefractory, "critical")], pages.Select(p => (p.Alert.Kind, p.Alert.Severity)));
    }

    [Fact]
    public void An_institution_protocol_sets_the_severity_and_page_order_its_alerts_carry()
    {
        var pathway = Institution(root =>
        {
            var kinds = (JsonArray)At(root, "alerts")["kinds"]!;
            var reversed = kinds.Reverse().Select(k => k!.DeepClone()).ToList();
            kinds.Clear();
            reversed.ForEach(kinds.Add);
            kinds.Single(k => (string?)k!["kind"] == AlertKind.FirstLineOverdue.Name)!["severity"] = "high";
        });

        var pages = OverdueAndSuperRefractoryAtOnce(pathway);

        Assert.Equal([(AlertKind.SuperRefractory, "critical"), (AlertKind.FirstLineOverdue, "high")], pages.Select(p => (p.Alert.Kind, p.Alert.Severity)));
    }

    [Fact]
    public void The_response_check_alert_carries_the_protocol_recommendation_and_its_source()
    {
        var clock = new Clock();
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(1)));
        clock.RunUntil(T0 + Hours(1) + Days(5) + Hours(24));

        var recommendation = Assert.Single(clock.Open(AlertKind.ResponseCheckDue)!.Recommendations);
        Assert.Equal(
            new Recommendation(
                "Assess response to first-line immunotherapy",
                "Assess and record the response. Not responding means anesthetic agents cannot be weaned because of a high risk of seizure recurrence, or RSE is prolonged",
                BuiltIn.Get("seed").Sources["seed"]),
            recommendation);
    }

    [Fact]
    public void The_super_refractory_alert_carries_the_protocol_text_with_the_duration_filled_in()
    {
        var clock = new Clock();
        clock.Send(Onset(T0), InfusionStarted(T0 + Hours(1)));
        clock.RunUntil(T0 + Hours(25));

        var recommendation = Assert.Single(clock.Open(AlertKind.SuperRefractory)!.Recommendations);
        Assert.Equal(
            new Recommendation(
                "Super-refractory status epilepticus",
                "Seizures continue or recur despite IV anesthetics for 1 d or more, including recurrence on withdrawal",
                BuiltIn.Get("seed").Sources["hirsch-2018"]),
            recommendation);
    }

    [Fact]
    public void An_institution_protocol_words_its_own_recommendations_and_advice()
    {
        var pathway = Institution(root =>
        {
            At(root, "responseCheck.recommendation")["text"] = "Repeat the EEG and record the response";
            At(root, "responseCheck.recommendation")["source"] = "Local neuro-ICU protocol 2025, section 2";
            At(root, "superRefractory.recommendation")["text"] = "After {after} on anesthetics, call the epilepsy surgery team";
            At(root, "secondLine.advice.notResponding")["text"] = "Discuss second line at the next huddle.";
        });
        var clock = new Clock(pathway);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(1)), InfusionStarted(T0 + Hours(2)));
        clock.RunUntil(T0 + Days(7));
        clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now));

        var check = Assert.Single(clock.AlertsOf(AlertKind.ResponseCheckDue).Single().Recommendations);
        Assert.Equal(("Repeat the EEG and record the response", "Local neuro-ICU protocol 2025, section 2"), (check.Detail, check.Source));
        Assert.Equal("After 1 d on anesthetics, call the epilepsy surgery team", Assert.Single(clock.Open(AlertKind.SuperRefractory)!.Recommendations).Detail);
        Assert.EndsWith(". Discuss second line at the next huddle.", clock.Open(AlertKind.SecondLineRecommended)!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed", "Consider second-line immunotherapy.")]
    [InlineData("consensus-2022", "Consider second-line immunotherapy.")]
    public void A_not_responding_assessment_ends_with_the_protocol_advice(string protocol, string advice)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(1)), Assessed(ResponseOutcomes.NotResponding, T0 + Days(2)));

        Assert.EndsWith(advice, clock.Open(AlertKind.SecondLineRecommended)!.Message, StringComparison.Ordinal);
        Assert.Equal(advice, BuiltIn.Get(protocol).SecondLine.Advice.NotResponding.Text);
    }

    [Fact]
    public void Consensus_recommends_second_line_by_time_with_its_own_advice()
    {
        var clock = new Clock("consensus-2022");
        clock.Send(Onset(T0), FirstLine(Agents.Ivig, T0 + Hours(1)));
        clock.RunUntil(T0 + Days(7));

        Assert.EndsWith(
            "with no assessment showing response. Consider second-line immunotherapy and the ketogenic diet.",
            clock.Open(AlertKind.SecondLineRecommended)!.Message,
            StringComparison.Ordinal);
        Assert.Equal("consensus", BuiltIn.Get("consensus-2022").SecondLine.Advice.WithoutResponse!.Source);
    }
}
