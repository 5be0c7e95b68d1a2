using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Host.Tests;

/// <summary>What a team starting from the repository alone relies on: the OpenAPI contract, a Development key that
/// survives restarts, request logs without query strings.</summary>
public sealed class StandAloneTests
{
    [Fact]
    public async Task OpenApi_documents_202_with_the_receipt_and_the_request_schema_for_posting_events()
    {
        await using var host = new HostFactory();

        var doc = await HostFactory.Json(await host.Client(null).GetAsync("/openapi/v1.json"));

        var post = doc["paths"]!["/api/events"]!["post"]!;
        var responses = post["responses"]!.AsObject();
        Assert.True(responses.ContainsKey("202"), responses.ToJsonString());
        Assert.False(responses.ContainsKey("200"), "POST /api/events never answers 200");
        Assert.True(responses.ContainsKey("400") && responses.ContainsKey("401") && responses.ContainsKey("413"));
        Assert.NotNull(post["requestBody"]!["content"]!["application/cloudevents+json"]!["schema"]);
        Assert.NotNull(post["requestBody"]!["content"]!["application/cloudevents-batch+json"]!["schema"]);
        var eventSchema = post["requestBody"]!["content"]!["application/cloudevents+json"]!["schema"]!["properties"]!.AsObject();
        Assert.Equal(["specversion", "id", "source", "type", "time", "subject"], eventSchema.Select(p => p.Key).Take(6));
        Assert.Contains("accepted", responses["202"]!["content"]!["application/json"]!["schema"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.True(doc["paths"]!["/api/fhir"]!["post"]!["responses"]!.AsObject().ContainsKey("202"));
        Assert.True(doc["paths"]!["/api/alerts/{alertId}/ack"]!["post"]!["responses"]!.AsObject().ContainsKey("404"));
        Assert.NotNull(doc["paths"]!["/api/alerts/{alertId}/ack"]!["post"]!["requestBody"]);
    }

    [Fact]
    public async Task A_Development_key_is_kept_in_the_data_directory_and_still_works_after_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "norse-devkey-" + Guid.NewGuid().ToString("N"));
        try
        {
            string key;
            await using (var first = new DevelopmentHost(data))
            {
                first.CreateClient();
                key = File.ReadAllText(Path.Combine(data, "development-api-key")).Trim();
                Assert.Equal(HttpStatusCode.OK, (await Get(first, key)).StatusCode);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var second = new DevelopmentHost(data);
            second.CreateClient();

            Assert.Equal(key, File.ReadAllText(Path.Combine(data, "development-api-key")).Trim());
            Assert.Equal(HttpStatusCode.OK, (await Get(second, key)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get(second, "another-key-0123456789")).StatusCode);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "development-api-key")));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, true);
        }
    }

    private static async Task<HttpResponseMessage> Get(WebApplicationFactory<Program> host, string key)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return await client.GetAsync("/api/cases");
    }

    [Fact]
    public async Task Request_logs_name_the_path_and_status_but_never_the_query_string()
    {
        var logs = new LogCapture();
        await using var host = new HostFactory().WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));

        var response = await host.CreateClient().GetAsync("/api/cases?X-Api-Key=SECRET-IN-QUERY&status=active");
        await Task.Delay(200);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("/api/cases", StringComparison.Ordinal) && l.Contains("401", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("SECRET-IN-QUERY", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_data_directory_is_data_under_the_working_directory_as_a_full_path()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        var runtime = RuntimeSettings.Read(configuration, NorseAlerts.Hosting.NorseAlertsSettings.Read(configuration));

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data"), runtime.DataDirectory);
    }

    private sealed class DevelopmentHost(string data) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("NorseAlerts:DataDirectory", data);
        }
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue(formatter(state, exception) + " " + state);
        }
    }
}
