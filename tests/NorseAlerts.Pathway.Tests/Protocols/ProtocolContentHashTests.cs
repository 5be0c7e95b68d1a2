using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Pathway.Tests.Protocols.ProtocolFiles;

namespace NorseAlerts.Pathway.Tests.Protocols;

/// <summary>
/// A case pins a protocol's name, version and content hash. A built-in edited without a version bump would move
/// the deadlines of every live case pinned to it, so the build refuses it here.
/// </summary>
public class ProtocolContentHashTests
{
    /// <summary>
    /// Every built-in version ever released, with its content hash. Changing a built-in's content means a new
    /// version: add a row for it and keep the old rows (live cases still pin them).
    /// </summary>
    public static TheoryData<string, string, string> KnownVersions => new()
    {
        { "seed", "1.0.0", "sha256:21d35816686c0e39d3727bf1e9006041165982d15646805c672c4532b33c338f" },
        { "consensus-2022", "1.0.0", "sha256:71e61f56ba8a9a8168c698aa46d500f5262e9973041b21078a248383a03413ec" },
    };

    [Fact]
    public void A_built_in_protocol_whose_content_changed_without_a_version_bump_fails_the_build()
    {
        var known = KnownVersions.Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToList();

        Assert.All(ProtocolCatalog.BuiltIn, p =>
        {
            var recorded = known.Where(k => k.Item1 == p.Name && k.Item2 == p.Version).Select(k => k.Item3).ToList();
            Assert.True(recorded.Count == 1, $"{p.Name} {p.Version} ({p.Hash}) is a new version: record its hash in {nameof(KnownVersions)}");
            Assert.True(
                recorded[0] == p.Hash,
                $"{p.Name} {p.Version} changed (now {p.Hash}, released as {recorded[0]}) without a version bump: live cases pinned the released content. Bump the version and record the new hash.");
        });
    }

    [Fact]
    public void Layout_and_comments_do_not_change_the_hash_but_any_number_or_text_does()
    {
        var seed = new ProtocolCatalog().Get("seed");
        var reformatted = ProtocolReader.Parse("// reviewed 2026-11\n" + Document().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "reformatted.json");
        var root = Document();
        At(root, "firstLine.window")["value"] = 6;
        var renumbered = Read(root);
        root = Document();
        At(root, "superRefractory.recommendation")["text"] = "Consider a second anesthetic agent";
        var reworded = Read(root);

        Assert.Equal(seed.Hash, reformatted.Hash);
        Assert.NotEqual(seed.Hash, renumbered.Hash);
        Assert.NotEqual(seed.Hash, reworded.Hash);
        Assert.NotEqual(renumbered.Hash, reworded.Hash);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void An_institution_file_that_reuses_a_built_in_name_and_version_is_refused_naming_the_file(int windowDays)
    {
        var root = Document();
        At(root, "firstLine.window")["value"] = windowDays;
        var institution = Read(root, "/etc/norsealerts/st-elsewhere.json");

        var ex = Assert.Throws<ProtocolException>(() => new ProtocolCatalog([institution]));

        Assert.Equal("/etc/norsealerts/st-elsewhere.json", ex.Origin);
        Assert.Equal("version", Assert.Single(ex.Errors).Field);
        Assert.Contains("/etc/norsealerts/st-elsewhere.json", ex.Message);
        Assert.Contains("'seed' version '1.0.0' is already the built-in protocol", ex.Message);
    }

    [Fact]
    public void Two_institution_files_under_one_name_and_version_with_different_content_are_refused()
    {
        var a = Document();
        a["name"] = "st-elsewhere";
        var b = Document();
        b["name"] = "st-elsewhere";
        At(b, "firstLine.window")["value"] = 5;

        var ex = Assert.Throws<ProtocolException>(() => new ProtocolCatalog([Read(a, "a.json"), Read(b, "b.json")]));

        Assert.Equal("b.json", ex.Origin);
        Assert.Contains("the protocol of a.json, with other content", ex.Message);
    }

    [Fact]
    public void One_institution_file_listed_twice_is_one_protocol()
    {
        var root = Document();
        root["name"] = "st-elsewhere";

        var catalog = new ProtocolCatalog([Read(root, "a.json"), Read(root, "a.json")]);

        Assert.Single(catalog.All, p => p.Name == "st-elsewhere");
    }
}
