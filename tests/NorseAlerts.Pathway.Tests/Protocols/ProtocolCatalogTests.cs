using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Tests.Protocols;

public class ProtocolCatalogTests
{
    [Theory]
    [InlineData("seed", 7 * 24.0)]
    [InlineData("consensus-2022", 72.0)]
    public void Built_in_protocols_carry_the_pathway_numbers_each_with_a_source(string name, double windowHours)
    {
        var p = new ProtocolCatalog().Get(name);

        Assert.Equal(TimeSpan.FromHours(windowHours), p.FirstLine.Window.AsDuration);
        Assert.Equal(TimeSpan.FromHours(24), p.FirstLine.DueSoonLead.AsDuration);
        Assert.Equal(TimeSpan.FromDays(5), p.FirstLine.Agents["methylprednisolone"].Course!.AsDuration);
        Assert.Equal(TimeSpan.FromDays(5), p.FirstLine.Agents["ivig"].Course!.AsDuration);
        Assert.Equal(TimeSpan.FromDays(10), p.FirstLine.Agents["plasmapheresis"].Course!.AsDuration);
        Assert.Equal(TimeSpan.FromDays(7), p.SecondLine.Agents["rituximab"].DoseInterval!.AsDuration);
        Assert.Equal(4, p.SecondLine.Agents["rituximab"].Doses!.Value);
        Assert.Equal(TimeSpan.FromDays(30), p.SecondLine.Agents["cyclophosphamide"].DoseInterval!.AsDuration);
        Assert.Equal(6, p.SecondLine.Agents["cyclophosphamide"].Doses!.Value);
        Assert.Equal(TimeSpan.FromHours(24), p.SuperRefractory.After.AsDuration);
        Assert.Equal(["neurology-oncall", "neurology-backup", "neurocritical-care-attending"], p.Escalation.Roles);
        Assert.Equal(3, p.Escalation.RepeatLast.Value);
        Assert.Equal(TimeSpan.FromMinutes(15), p.Escalation.AckTimeout.AsDuration);
        foreach (var s in new[] { p.FirstLine.Window, p.FirstLine.DueSoonLead, p.SuperRefractory.After, p.Escalation.AckTimeout, p.Escalation.RepeatLast })
        {
            Assert.True(p.Sources.ContainsKey(s.Source), $"{s.Source} is not a source of {name}");
        }
    }

    [Fact]
    public void Only_seed_has_a_response_check_and_only_consensus_recommends_by_time()
    {
        var catalog = new ProtocolCatalog();

        Assert.Equal(TimeSpan.FromHours(24), catalog.Get("seed").ResponseCheck!.Grace.AsDuration);
        Assert.Null(catalog.Get("seed").SecondLine.RecommendWithoutResponseAfter);
        Assert.Null(catalog.Get("consensus-2022").ResponseCheck);
        Assert.Equal(TimeSpan.FromDays(7), catalog.Get("consensus-2022").SecondLine.RecommendWithoutResponseAfter!.AsDuration);
    }

    [Fact]
    public void Newest_version_is_chosen_numerically_not_alphabetically()
    {
        var seed = new ProtocolCatalog().Get("seed");
        var catalog = new ProtocolCatalog([seed with { Version = "1.10.0" }, seed with { Version = "1.9.0" }]);

        Assert.Equal("1.10.0", catalog.Get("seed").Version);
        Assert.Equal("1.9.0", catalog.Get("seed", "1.9.0").Version);
        Assert.Equal("1.0.0", catalog.Get("seed", "1.0.0").Version);
    }

    [Theory]
    [InlineData("1.10.0", "1.9.0", 1)]
    [InlineData("2", "10", -1)]
    [InlineData("2024-b", "2024-a", 1)]
    [InlineData("1.0.0", "1.0.0", 0)]
    public void Versions_compare_numerically_when_they_parse_else_ordinally(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(ProtocolCatalog.CompareVersions(a, b)));
    }

    [Fact]
    public void Unknown_protocol_or_version_is_a_clear_error()
    {
        var catalog = new ProtocolCatalog();

        Assert.Contains("Known: seed, consensus-2022", Assert.Throws<KeyNotFoundException>(() => catalog.Get("nope")).Message);
        Assert.Throws<KeyNotFoundException>(() => catalog.Get("seed", "9.9.9"));
        Assert.True(catalog.Contains("consensus-2022"));
    }
}
