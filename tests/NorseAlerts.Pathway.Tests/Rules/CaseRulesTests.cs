using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>The rules run in an order the code keeps: a rule reads the conditions of the rules before it.</summary>
public class CaseRulesTests
{
    [Fact]
    public void The_standard_rules_end_with_the_case_stage_which_reads_the_conditions_of_the_others()
    {
        Assert.Equal(
            ["FirstLineWindow", "ResponseCheck", "SecondLineRecommendation", "SecondLineDoses", "SuperRefractory", "CaseStage"],
            CaseRules.Standard.Select(r => r.GetType().Name));
    }

    [Fact]
    public void Every_alert_kind_is_raised_by_exactly_one_standard_rule()
    {
        foreach (var kind in AlertKind.All)
        {
            Assert.Single(CaseRules.Standard, r => r.Raises.Contains(kind));
        }
    }

    [Fact]
    public void A_rule_list_with_the_stage_before_the_second_line_recommendation_cannot_be_built()
    {
        var e = Assert.Throws<ArgumentException>(() => new CaseRules(
            new FirstLineWindow(), new ResponseCheck(), new CaseStage(), new SecondLineRecommendation(), new SecondLineDoses(), new SuperRefractory()));

        Assert.Contains("CaseStage reads second-line-recommended conditions, so it must run after SecondLineRecommendation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_list_with_the_stage_first_cannot_be_built()
    {
        var e = Assert.Throws<ArgumentException>(() => new CaseRules(
            new CaseStage(), new FirstLineWindow(), new ResponseCheck(), new SecondLineRecommendation(), new SecondLineDoses(), new SuperRefractory()));

        Assert.Contains("CaseStage reads first-line-overdue conditions, so it must run after FirstLineWindow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_list_without_the_rule_the_stage_reads_cannot_be_built()
    {
        var e = Assert.Throws<ArgumentException>(() => new CaseRules(new FirstLineWindow(), new CaseStage()));

        Assert.Contains("CaseStage reads second-line-recommended conditions, which no rule raises", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_raises_a_kind_it_does_not_declare_fails_the_assessment()
    {
        var rules = new CaseRules(new FirstLineWindow(), new Undeclared(), new SecondLineRecommendation(), new CaseStage());

        var e = Assert.Throws<InvalidOperationException>(() =>
            rules.Assess(CaseFacts.From([Onset(T0)]), new ProtocolCatalog().Get(ProtocolCatalog.Seed), T0 + Days(1)));

        Assert.Contains("Undeclared raised super-refractory conditions without declaring them", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_standard_rules_set_the_stage_from_the_conditions_of_the_same_instant()
    {
        var seed = new ProtocolCatalog().Get(ProtocolCatalog.Seed);
        var facts = CaseFacts.From([Onset(T0)]);

        var open = CaseRules.Standard.Assess(facts, seed, T0 + Days(1));
        var closed = CaseRules.Standard.Assess(facts, seed, T0 + Days(7));

        Assert.Equal(Stage.FirstLineWindow, open.Stage);
        Assert.Contains(closed.Holding, c => c.Kind == AlertKind.FirstLineOverdue);
        Assert.Equal(Stage.FirstLineOverdue, closed.Stage);
    }

    /// <summary>A rule that says it raises nothing, then raises a super-refractory condition.</summary>
    private sealed class Undeclared : ICaseRule
    {
        public IReadOnlyList<AlertKind> Raises { get; } = [];

        public IReadOnlyList<AlertKind> Reads { get; } = [];

        public void Apply(CaseFacts facts, Protocol protocol, DateTimeOffset now, Assessment result) =>
            result.Holding.Add(new Condition(AlertKind.SuperRefractory, "", now, "undeclared"));
    }
}
