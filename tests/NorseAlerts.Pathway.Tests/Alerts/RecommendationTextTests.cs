using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Vocabulary;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Alerts;

/// <summary>What a clinician reads in a recommendation: clinical text, with the source and its notes apart.</summary>
public class RecommendationTextTests
{
    private static readonly ProtocolCatalog Catalog = new();

    public static TheoryData<string, string, string?> EveryKind()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var protocol in new[] { ProtocolCatalog.Seed, "consensus-2022" })
        {
            // A protocol without a response check (consensus-2022) never raises response-check-due, so it words no advice for it.
            var raised = Catalog.Get(protocol).ResponseCheck is null ? AlertKind.All.Where(k => k != AlertKind.ResponseCheckDue) : AlertKind.All;
            foreach (var kind in raised.Where(k => k != AlertKind.SecondLineDoseOverdue))
            {
                data.Add(protocol, kind.Name, null);
            }

            foreach (var agent in Catalog.Get(protocol).SecondLine.Agents.Keys)
            {
                data.Add(protocol, AlertKind.SecondLineDoseOverdue.Name, agent);
            }
        }

        return data;
    }

    private static IReadOnlyList<Recommendation> For(string protocol, string kind, string? agent, double? weightKg = null) =>
        For(protocol, WireValue.Parse<AlertKind>(kind), agent, weightKg);

    private static IReadOnlyList<Recommendation> For(string protocol, AlertKind kind, string? agent, double? weightKg = null) =>
        Recommendations.For(
            new Condition(kind, "", T0, "message", agent),
            CaseFacts.From(weightKg is { } w ? [Onset(T0), Measurements(T0, w, 170)] : [Onset(T0)]),
            Catalog.Get(protocol));

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Recommendation_details_are_clinical_text_without_developer_notes_or_dangling_fragments(string protocol, string kind, string? agent)
    {
        foreach (var r in For(protocol, kind, agent))
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Detail), $"{r.Title}: empty detail");
            Assert.False(r.Detail.TrimEnd().EndsWith(':'), $"{r.Title}: detail ends in a colon: {r.Detail}");
            foreach (var developerWord in new[] { "VERIFY", "seed prints", "as in ivig-dosing", "response.assessed", "shared/" })
            {
                Assert.DoesNotContain(developerWord, r.Detail, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_recommendation_carries_a_source_that_names_nothing_outside_the_repository(string protocol, string kind, string? agent)
    {
        var recommendations = For(protocol, kind, agent);

        Assert.NotEmpty(recommendations);
        Assert.All(recommendations, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Source), $"{r.Title}: no source");
            Assert.DoesNotContain("shared/", r.Source, StringComparison.Ordinal);
            Assert.DoesNotContain("VERIFY", r.Source, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_ivig_misprint_in_the_seed_is_explained_in_the_source_note_not_in_the_dose()
    {
        var ivig = For(ProtocolCatalog.Seed, AlertKind.FirstLineOverdue, null, weightKg: 80).Single(r => r.Title == "IV immunoglobulin (IVIG)");

        Assert.Equal("0.4 g/kg/day IV for 3 to 5 days; dose 0.4 g/kg/day x 80 kg = 32 g/day", ivig.Detail);
        Assert.Contains("prints 0.4 gm/day", ivig.Note, StringComparison.Ordinal);
        Assert.Contains("src/NorseAlerts.Pathway/Protocols/seed.json", ivig.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_without_a_dose_in_its_source_says_dose_per_local_protocol_and_why_in_the_note()
    {
        var anakinra = For("consensus-2022", AlertKind.SecondLineRecommended, null).Single(r => r.Title.StartsWith("Anakinra", StringComparison.Ordinal));

        Assert.EndsWith("dose per local protocol", anakinra.Detail, StringComparison.Ordinal);
        Assert.Equal("The consensus summary gives no dose.", anakinra.Note);
    }
}
