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
    /// version: copy the released file into <c>Protocols/released</c>, add a row for the new version and keep the old
    /// rows (live cases still pin them; docs/protocols.md, "Releasing a new built-in version").
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
    public void Every_released_built_in_version_is_still_in_the_catalog_with_its_released_content()
    {
        var catalog = new ProtocolCatalog();

        Assert.All(KnownVersions.Select(row => ((string)row[0], (string)row[1], (string)row[2])), k =>
        {
            var (name, version, hash) = k;
            var loaded = catalog.All.SingleOrDefault(p => p.Name == name && p.Version == version);
            Assert.True(
                loaded is not null,
                $"{name} {version} ({hash}) was released but is no longer built in: every live case pinned to it would fail at its next "
                + $"deadline. Restore the released file as src/NorseAlerts.Pathway/Protocols/released/{name}-{version}.json "
                + $"(git show <release commit>:src/NorseAlerts.Pathway/Protocols/{name}.json), byte for byte; see docs/protocols.md, \"Releasing a new built-in version\".");
            Assert.True(
                loaded.Hash == hash,
                $"{name} {version} from {loaded.Origin} has content {loaded.Hash}, but was released as {hash}: live cases pinned the "
                + "released content. Restore the file from git as it was released; an edit needs a new version (docs/protocols.md).");
        });
    }

    [Fact]
    public void A_released_version_kept_in_the_archive_stays_loadable_beside_the_current_one_and_new_cases_take_the_newest()
    {
        // The test assembly embeds the current built-in files and an older seed release (5-day window) under the
        // resource names the Pathway assembly uses.
        var builtIn = ProtocolCatalog.LoadBuiltIn(typeof(ProtocolContentHashTests).Assembly);

        var catalog = new ProtocolCatalog(builtIn, null);

        var released = catalog.Get("seed", "0.9.0");
        Assert.Equal(TimeSpan.FromDays(5), released.FirstLine.Window.AsDuration);
        Assert.Equal("NorseAlerts.Pathway.Protocols.released.seed-0.9.0.json", released.Origin);
        Assert.Equal("1.0.0", catalog.Get("seed").Version);
        Assert.Equal(TimeSpan.FromDays(7), catalog.Get("seed").FirstLine.Window.AsDuration);
        Assert.Equal(["consensus-2022 1.0.0", "seed 1.0.0"], catalog.Latest.Select(p => $"{p.Name} {p.Version}").Order(StringComparer.Ordinal));
        Assert.Same(released, catalog.Get("seed", "0.9.0", released.Hash));
    }

    [Fact]
    public void An_institution_file_that_reuses_a_released_built_in_version_is_refused()
    {
        var builtIn = ProtocolCatalog.LoadBuiltIn(typeof(ProtocolContentHashTests).Assembly);
        var root = Document();
        root["version"] = "0.9.0";

        var ex = Assert.Throws<ProtocolException>(() => new ProtocolCatalog(builtIn, [Read(root, "/etc/norsealerts/old-seed.json")]));

        Assert.Contains("'seed' version '0.9.0' is already the built-in protocol", ex.Message);
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
