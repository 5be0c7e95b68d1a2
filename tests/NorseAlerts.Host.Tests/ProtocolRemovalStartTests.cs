using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

/// <summary>
/// An institution replaces its protocol file by a new version and drops the old file from the settings: the host
/// refuses to start while an active case is pinned to the old version (its deadlines would stop firing), and starts,
/// retiring the old version, once none is; the closed cases pinned to it still take late events.
/// </summary>
public sealed class ProtocolRemovalStartTests : IDisposable
{
    private const string Patient = "GENH:00123456";
    private readonly string data = Path.Combine(Path.GetTempPath(), "norse-removal-" + Guid.NewGuid().ToString("N"));
    private readonly string oldFile;
    private readonly string newFile;

    public ProtocolRemovalStartTests()
    {
        Directory.CreateDirectory(data);
        oldFile = Institution("1.0.0", 5);
        newFile = Institution("1.1.0", 3);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    private string Institution(string version, double windowDays)
    {
        using var stream = typeof(ProtocolCatalog).Assembly.GetManifestResourceStream("NorseAlerts.Pathway.Protocols.seed.json")!;
        var root = JsonNode.Parse(stream)!.AsObject();
        root["name"] = "st-elsewhere";
        root["version"] = version;
        root["firstLine"]!["window"]!["value"] = windowDays;
        var path = Path.Combine(data, $"st-elsewhere-{version}.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private Dictionary<string, string?> Settings(params string[] files)
    {
        var settings = new Dictionary<string, string?>
        {
            ["NorseAlerts:DataDirectory"] = data,
            ["NorseAlerts:Protocol"] = "st-elsewhere",
            ["NorseAlerts:ApiKeys:admin"] = AdminKey,
        };
        for (var i = 0; i < files.Length; i++)
        {
            settings[$"NorseAlerts:ProtocolFiles:{i}"] = files[i];
        }

        return settings;
    }

    /// <summary>Runs the host on the given files and posts the events.</summary>
    private async Task RunAsync(string[] files, params string[] events)
    {
        await using var host = new HostFactory(Settings(files));
        foreach (var e in events)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.Client().PostAsync("/api/events", CloudEvents(e))).StatusCode);
        }
    }

    /// <summary>What Program does first: read the setup, with its notices and refusal captured.</summary>
    private (HostSetup? Setup, string Output, string Error) ReadSetup(params string[] files)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(files)).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var setup = HostSetup.Read(configuration, new HostingEnvironment { EnvironmentName = "Production" }, output, error);
        return (setup, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Dropping_the_file_of_a_version_an_active_case_is_pinned_to_refuses_to_start_naming_protocol_version_and_count()
    {
        await RunAsync([oldFile], Event("rse.onset", Start.AddHours(-2), subject: Patient));

        var (setup, _, error) = ReadSetup(newFile);

        Assert.Null(setup);
        Assert.StartsWith(
            $"NorseAlerts cannot start: protocol 'st-elsewhere' version '1.0.0' (last loaded from {oldFile}) is no longer loaded, "
            + "but 1 active case is pinned to it: their deadlines would stop firing.",
            error,
            StringComparison.Ordinal);
        Assert.Contains($"List its file ({oldFile}) again in NorseAlerts:ProtocolFiles", error, StringComparison.Ordinal);
        Assert.DoesNotContain("00123456", error, StringComparison.Ordinal);

        // Listed again beside the new version, it starts.
        Assert.NotNull(ReadSetup(oldFile, newFile).Setup);
    }

    [Fact]
    public async Task Dropping_the_file_once_its_cases_closed_starts_and_retires_the_version()
    {
        await RunAsync(
            [oldFile],
            Event("rse.onset", Start.AddHours(-2), subject: Patient),
            Event("patient.discharged", Start.AddHours(-1), subject: Patient));

        var (setup, output, error) = ReadSetup(newFile);

        Assert.NotNull(setup);
        Assert.Equal("", error);
        Assert.Contains(
            $"NorseAlerts: protocol 'st-elsewhere' version '1.0.0' is no longer loaded and no active case is pinned to it; marked retired in {ProtocolVersionLedger.FileName}.",
            output,
            StringComparison.Ordinal);
        var ledger = JsonNode.Parse(File.ReadAllText(Path.Combine(data, ProtocolVersionLedger.FileName)))!.AsArray();
        Assert.True((bool?)ledger.Single(e => (string?)e!["name"] == "st-elsewhere" && (string?)e["version"] == "1.0.0")!["retired"]);

        // The host itself starts on the new file alone, the closed case still reads, and a late event dated before
        // its closure still joins its record.
        await using var host = new HostFactory(Settings(newFile));
        var cases = (await Json(await host.Client().GetAsync("/api/cases?status=closed"))).AsArray();
        var caseId = Assert.Single(cases)!["caseId"]!.GetValue<string>();
        var late = await host.Client().PostAsync(
            "/api/events", CloudEvents(Event("immunotherapy.first-line.started", Start.AddHours(-1.5), subject: Patient, data: new { agent = "ivig" })));
        Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
        var detail = await Json(await host.Client().GetAsync($"/api/cases/{caseId}"));
        Assert.Contains(detail["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "immunotherapy.first-line.started");
    }
}
