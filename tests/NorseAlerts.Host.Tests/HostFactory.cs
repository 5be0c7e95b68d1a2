using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace NorseAlerts.Host.Tests;

/// <summary>The real host in memory, on a temporary data directory, with a fake clock and known keys.</summary>
public sealed class HostFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "admin-key-123";
    public const string ReaderKey = "reader-key-456";
    public const string IngestKey = "ingest-key-789";
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> settings;

    public HostFactory(Dictionary<string, string?>? extra = null, string environment = "Production")
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "norse-host-" + Guid.NewGuid().ToString("N"));
        Environment = environment;
        settings = new Dictionary<string, string?>
        {
            ["NorseAlerts:DataDirectory"] = DataDirectory,
            ["NorseAlerts:ApiKeys:admin"] = AdminKey,
            ["NorseAlerts:ApiKeys:dashboard"] = ReaderKey,
            ["NorseAlerts:Roles:dashboard"] = "read",
            ["NorseAlerts:ApiKeys:mirth"] = IngestKey,
            ["NorseAlerts:Roles:mirth"] = "ingest",
            ["NorseAlerts:Escalation:AckTimeout"] = "00:15:00",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public string DataDirectory { get; }
    public string Environment { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (k, v) in settings)
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public HttpClient Client(string? key = AdminKey)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public static StringContent CloudEvents(string json, string contentType = "application/cloudevents+json") =>
        new(json, Encoding.UTF8, contentType);

    public static string Event(string type, DateTimeOffset time, string subject = "GENH:00123456", string? id = null, object? data = null, string source = "mirth://genh") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["specversion"] = "1.0",
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["source"] = source,
            ["type"] = type,
            ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["subject"] = subject,
            ["datacontenttype"] = "application/json",
            ["data"] = data ?? new { },
        });

    public static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Moves the fake clock in steps so the scheduler and dispatcher run at each step.</summary>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan step)
    {
        var end = Time.GetUtcNow() + by;
        while (Time.GetUtcNow() < end)
        {
            var next = Time.GetUtcNow() + step;
            Time.SetUtcNow(next < end ? next : end);
            await Task.Delay(30);
        }

        await Task.Delay(100);
    }

    public static async Task<JsonArray> Eventually(Func<Task<JsonArray>> query, Func<JsonArray, bool> until, string what)
    {
        var deadline = System.Environment.TickCount64 + 10000;
        while (true)
        {
            var result = await query();
            if (until(result))
            {
                return result;
            }

            if (System.Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last: {result.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, true);
        }
        catch (IOException)
        {
        }
    }
}
