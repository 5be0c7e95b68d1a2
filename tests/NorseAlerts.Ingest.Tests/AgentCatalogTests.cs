using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;

namespace NorseAlerts.Ingest.Tests;

public class AgentCatalogTests
{
    private static string? Identify(string? system, string? code, string? text) =>
        AgentCatalog.Default.Identify([new Coding(system, code, text)]);

    [Fact]
    public void A_code_wins_over_a_misleading_text()
    {
        Assert.Equal(Agents.Rituximab, Identify("RXNORM", "121191", "methylprednisolone"));
    }

    [Fact]
    public void A_known_code_in_another_system_does_not_count()
    {
        Assert.Null(Identify("NDC", "6902", null));
    }

    [Theory]
    [InlineData("Rho(D) immune globulin 300 MCG")]
    [InlineData("Prothrombin complex concentrate")]
    [InlineData("prednisolone 5 mg")]
    public void Names_match_whole_words_only_so_lookalikes_are_not_agents(string text)
    {
        Assert.Null(Identify(null, null, text));
    }

    [Theory]
    [InlineData("Solu-Medrol 1 g IV", "methylprednisolone")]
    [InlineData("rituximab-abbs (Truxima) 375 mg/m2", "rituximab")]
    [InlineData("PLEX session 1", "plasmapheresis")]
    [InlineData("Privigen 10% IV", "ivig")]
    public void Brand_and_generic_names_are_recognised(string text, string agent)
    {
        Assert.Equal(agent, Identify("L", "LOCAL1", text));
    }
}
