using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace NorseAlerts.Dashboard.Tests;

/// <summary>
/// The real host on a real Kestrel port of 127.0.0.1 (a browser cannot reach an in-memory test server), on a
/// temporary data directory, with a fake clock and known keys.
/// </summary>
public sealed class DashboardHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "dashboard-admin-key-1";
    public const string ReaderKey = "dashboard-reader-key-2";
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "norse-dashboard-" + Guid.NewGuid().ToString("N"));

    public DashboardHost()
    {
        Port = FreePort();
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        StartServer();
        Api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public HttpClient Api { get; }
    public string DashboardUrl => $"{BaseAddress}dashboard";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("NorseAlerts:DataDirectory", dataDirectory);
        builder.UseSetting("NorseAlerts:ApiKeys:admin", AdminKey);
        builder.UseSetting("NorseAlerts:ApiKeys:screen", ReaderKey);
        builder.UseSetting("NorseAlerts:Roles:screen", "read");
        builder.UseSetting("NorseAlerts:Escalation:AckTimeout", "00:15:00");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>Posts one CloudEvent and returns the case id it landed in.</summary>
    public async Task<string?> PostAsync(string type, DateTimeOffset time, string subject, object? data = null)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["source"] = "mirth://genh",
            ["type"] = type,
            ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["subject"] = subject,
            ["data"] = data ?? new { },
        });
        var response = await Api.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/cloudevents+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{type}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["accepted"]![0]!["caseId"]?.GetValue<string>();
    }

    public async Task<JsonArray> AlertsAsync(string state) =>
        JsonNode.Parse(await Api.GetStringAsync($"/api/alerts?state={state}"))!.AsArray();

    public override async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
