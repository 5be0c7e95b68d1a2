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

    /// <summary>What a host does at start: read the settings, then check the versions against the data directory.</summary>
    private void Start(params string[] files)
    {
        var settings = NorseAlertsSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(files.Select((f, i) => new KeyValuePair<string, string?>($"NorseAlerts:ProtocolFiles:{i}", f)))
            .Build());
        ProtocolVersionLedger.Verify(settings.Protocols, dir);
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
}
