using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Hosting.Tests;

/// <summary>
/// A restart with an institution file edited under the same name and version is refused, naming the file, since
/// the live cases pinned to that version would otherwise have their deadlines moved.
/// </summary>
public sealed class ProtocolVersionLedgerTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"norse-ledger-{Guid.NewGuid():N}");

    public ProtocolVersionLedgerTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Institution(double windowDays, string version = "1.0.0", string file = "st-elsewhere.json")
    {
        using var stream = typeof(ProtocolCatalog).Assembly.GetManifestResourceStream("NorseAlerts.Pathway.Protocols.seed.json")!;
        var root = JsonNode.Parse(stream)!.AsObject();
        root["name"] = "st-elsewhere";
        root["version"] = version;
        root["firstLine"]!["window"]!["value"] = windowDays;
        var path = Path.Combine(dir, file);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    /// <summary>Active cases by the version they pin, as the store would count them.</summary>
    private readonly Dictionary<ProtocolVersionId, long> activeCases = [];

    /// <summary>The versions the ledger asked the store about.</summary>
    private readonly List<ProtocolVersionId> counted = [];

    /// <summary>What a host does at start: read the settings, then check the versions against the data directory.</summary>
    private IReadOnlyList<ProtocolVersionId> Start(params string[] files)
    {
        var settings = NorseAlertsSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(files.Select((f, i) => new KeyValuePair<string, string?>($"NorseAlerts:ProtocolFiles:{i}", f)))
            .Build());
        return ProtocolVersionLedger.Verify(settings.Protocols, dir, v =>
        {
            counted.Add(v);
            return activeCases.GetValueOrDefault(v);
        });
    }

    private string Ledger => File.ReadAllText(Path.Combine(dir, ProtocolVersionLedger.FileName));

    [Fact]
    public void The_first_start_records_every_protocol_version_with_its_content_hash()
    {
        var file = Institution(5);

        Start(file);

        var recorded = JsonNode.Parse(Ledger)!.AsArray().Select(e => ((string?)e!["name"], (string?)e["version"], (string?)e["hash"])).ToList();
        Assert.Contains(("st-elsewhere", "1.0.0", ProtocolCatalog.LoadFile(file).Hash), recorded);
        Assert.Contains(("seed", "1.0.0", new ProtocolCatalog().Get("seed").Hash), recorded);
        Assert.Contains(("consensus-2022", "1.0.0", new ProtocolCatalog().Get("consensus-2022").Hash), recorded);
    }

    [Fact]
    public void A_restart_with_the_file_unchanged_starts()
    {
        Start(Institution(5));
        var before = Ledger;

        Start(Institution(5));

        Assert.Equal(before, Ledger);
    }

    [Fact]
    public void A_restart_with_the_file_edited_under_the_same_version_is_refused_naming_the_file()
    {
        Start(Institution(5));
        var before = Ledger;
        var edited = Institution(3);

        var ex = Assert.Throws<InvalidOperationException>(() => Start(edited));

        Assert.StartsWith(edited + ": protocol 'st-elsewhere' version '1.0.0' has content sha256:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("give the edit a new version", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Ledger);
    }

    [Fact]
    public void An_edit_under_a_new_version_starts_beside_the_old_version()
    {
        var old = Institution(5);
        Start(old);

        Start(old, Institution(3, version: "1.1.0", file: "st-elsewhere-1.1.json"));

        var versions = JsonNode.Parse(Ledger)!.AsArray().Where(e => (string?)e!["name"] == "st-elsewhere").Select(e => (string?)e!["version"]);
        Assert.Equal(["1.0.0", "1.1.0"], versions);
    }

    [Fact]
    public void An_unreadable_ledger_refuses_to_start_rather_than_forget_what_cases_pinned()
    {
        File.WriteAllText(Path.Combine(dir, ProtocolVersionLedger.FileName), "{ not json");

        var ex = Assert.Throws<InvalidOperationException>(() => Start());

        Assert.Contains(ProtocolVersionLedger.FileName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_with_every_version_still_loaded_asks_the_store_nothing()
    {
        var old = Institution(5);
        Start(old);

        var retired = Start(old, Institution(3, version: "1.1.0", file: "st-elsewhere-1.1.json"));

        Assert.Empty(retired);
        Assert.Empty(counted);
    }

    [Fact]
    public void A_version_no_longer_loaded_that_active_cases_pin_refuses_to_start_naming_protocol_version_count_and_file()
    {
        var old = Institution(5);
        Start(old);
        var before = Ledger;
        activeCases[new ProtocolVersionId("st-elsewhere", "1.0.0")] = 3;

        var ex = Assert.Throws<InvalidOperationException>(() => Start(Institution(3, version: "1.1.0", file: "st-elsewhere-1.1.json")));

        Assert.StartsWith(
            $"protocol 'st-elsewhere' version '1.0.0' (last loaded from {old}) is no longer loaded, but 3 active cases are pinned to it: "
            + "their deadlines would stop firing.",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Contains($"List its file ({old}) again in NorseAlerts:ProtocolFiles", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Ledger);
    }

    [Fact]
    public void A_version_no_longer_loaded_that_no_active_case_pins_is_marked_retired_and_not_counted_again()
    {
        var old = Institution(5);
        Start(old);
        var newer = Institution(3, version: "1.1.0", file: "st-elsewhere-1.1.json");

        var retired = Start(newer);

        Assert.Equal([new ProtocolVersionId("st-elsewhere", "1.0.0")], retired);
        Assert.Equal([new ProtocolVersionId("st-elsewhere", "1.0.0")], counted);
        var entry = JsonNode.Parse(Ledger)!.AsArray().Single(e => (string?)e!["name"] == "st-elsewhere" && (string?)e["version"] == "1.0.0")!;
        Assert.True((bool?)entry["retired"]);

        counted.Clear();
        Assert.Empty(Start(newer));
        Assert.Empty(counted);
    }

    [Fact]
    public void A_retired_version_listed_again_is_checked_again_when_it_goes_missing_later()
    {
        var old = Institution(5);
        Start(old);
        var newer = Institution(3, version: "1.1.0", file: "st-elsewhere-1.1.json");
        Start(newer);
        Start(old, newer);
        activeCases[new ProtocolVersionId("st-elsewhere", "1.0.0")] = 1;

        var ex = Assert.Throws<InvalidOperationException>(() => Start(newer));

        Assert.Contains("but 1 active case is pinned to it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_built_in_version_a_later_build_no_longer_carries_refuses_to_start_while_active_cases_pin_it()
    {
        var released = "NorseAlerts.Pathway.Protocols.released.seed-0.9.0.json";
        File.WriteAllText(
            Path.Combine(dir, ProtocolVersionLedger.FileName),
            $$"""[{ "name": "seed", "version": "0.9.0", "hash": "sha256:0123", "origin": "{{released}}" }]""");
        activeCases[new ProtocolVersionId("seed", "0.9.0")] = 2;

        var ex = Assert.Throws<InvalidOperationException>(() => Start());

        Assert.StartsWith($"protocol 'seed' version '0.9.0' (last loaded from {released}) is no longer loaded, but 2 active cases", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run a build that still carries it", ex.Message, StringComparison.Ordinal);
    }
}
