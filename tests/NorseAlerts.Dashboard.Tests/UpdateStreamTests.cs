using System.Net;
using System.Text.Json.Nodes;
using static NorseAlerts.Dashboard.Tests.DashboardHost;

namespace NorseAlerts.Dashboard.Tests;

/// <summary><c>/api/updates</c> at the wire: what the on-call page listens to.</summary>
public sealed class UpdateStreamTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_stream_needs_a_key_with_the_read_role()
    {
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };

        var response = await anonymous.GetAsync("/api/updates");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_stream_says_hello_with_the_server_clock_then_changed_after_an_ingest()
    {
        using var reader = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        reader.DefaultRequestHeaders.Add("X-Api-Key", ReaderKey);
        using var response = await reader.GetAsync("/api/updates", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());

        var hello = await NextEventAsync(lines);
        await host.PostAsync("rse.onset", Start.AddDays(-8), "GENH:00123456");
        var changed = await NextEventAsync(lines);

        Assert.Equal("hello", hello.Type);
        Assert.Equal(Start, hello.Data["now"]!.GetValue<DateTimeOffset>());
        Assert.Equal("changed", changed.Type);
        Assert.True(changed.Data["version"]!.GetValue<long>() > hello.Data["version"]!.GetValue<long>());
    }

    private static async Task<(string Type, JsonNode Data)> NextEventAsync(StreamReader lines)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? type = null;
        string? data = null;
        while (await lines.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line[5..].Trim();
            }
            else if (line.Length == 0 && data is not null)
            {
                return (type ?? "message", JsonNode.Parse(data)!);
            }
        }

        throw new EndOfStreamException("the stream ended");
    }
}
