using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Tests.Support;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Readiness_reports_the_store_the_scheduler_the_outbox_and_the_broker()
    {
        var ready = await host.Client(null).GetAsync("/readyz");
        var body = await Json(ready);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        foreach (var check in new[] { "store", "scheduler", "outbox", "broker" })
        {
            Assert.Equal("ready", body["checks"]![check]!["status"]!.GetValue<string>());
        }

        Assert.NotNull(body["checks"]!["store"]!["data"]!["lastCommitAt"]);
        Assert.Equal(0, body["checks"]!["scheduler"]!["data"]!["stalls"]!.GetValue<int>());
        Assert.Equal(0, body["checks"]!["outbox"]!["data"]!["unsentPages"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stalled_scheduler_makes_the_host_not_ready_until_the_watchdog_has_fired_the_deadline()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await host.Services.GetRequiredService<DeadlineScheduler>().StopAsync(CancellationToken.None);
        var firstLine = new ProtocolCatalog().Get(ProtocolCatalog.Seed).FirstLine;
        var onset = Start - (firstLine.Window.AsDuration - firstLine.DueSoonLead.AsDuration) + TimeSpan.FromSeconds(2);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/events", CloudEvents(Event("rse.onset", onset)))).StatusCode);

        // Past due beyond the margin: the watchdog's next check (one a second) finds the stall.
        for (var i = 0; i < 8; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        var stalled = await WaitForReadiness(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not-ready", stalled["checks"]!["scheduler"]!["status"]!.GetValue<string>());
        Assert.Contains("stalled", stalled["checks"]!["scheduler"]!["description"]!.GetValue<string>());

        // The watchdog fires the deadline itself, and readiness comes back once nothing is past due.
        for (var i = 0; i < 5; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        await WaitForReadiness(client, HttpStatusCode.OK);
        var alerts = await (await client.GetAsync("/api/alerts")).Content.ReadAsStringAsync();
        Assert.Contains("first-line-due-soon", alerts);
    }

    [Fact]
    public async Task A_stalled_outbox_makes_the_host_not_ready_until_the_watchdog_has_delivered_the_page()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await host.Services.GetRequiredService<OutboxDispatcher>().StopAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddDays(-8))))).StatusCode); // overdue at once: a page is owed

        // Owed beyond the margin: a check of the watchdog (one a second) finds the stall, and the next one heals it,
        // so the clock moves a second at a time until readiness shows it.
        System.Text.Json.Nodes.JsonNode? stalled = null;
        for (var i = 0; i < 10 && stalled is null; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            for (var poll = 0; poll < 10 && stalled is null; poll++)
            {
                await Task.Delay(30);
                var answer = await client.GetAsync("/readyz");
                stalled = answer.StatusCode == HttpStatusCode.ServiceUnavailable ? await Json(answer) : null;
            }
        }

        Assert.NotNull(stalled);
        var outbox = stalled["checks"]!["outbox"]!;
        Assert.Equal("not-ready", outbox["status"]!.GetValue<string>());
        Assert.Contains("stalled", outbox["description"]!.GetValue<string>());
        Assert.Equal(1, outbox["data"]!["unsentPages"]!.GetValue<int>());
        Assert.NotNull(outbox["data"]!["oldestUnsentPageAt"]);
        Assert.Equal("ready", stalled["checks"]!["scheduler"]!["status"]!.GetValue<string>());

        // The watchdog hands the page over itself, and readiness comes back once nothing is owed.
        for (var i = 0; i < 5; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        var ready = await WaitForReadiness(client, HttpStatusCode.OK);
        Assert.Equal(0, ready["checks"]!["outbox"]!["data"]!["unsentPages"]!.GetValue<int>());
    }

    [RootFact]
    public async Task A_read_only_store_answers_503_with_retry_after_and_recovers_without_a_restart()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/events", CloudEvents(Event("rse.onset", Start, subject: "GENH:1")))).StatusCode);

        Tmpfs.MakeReadOnly(host.DataDirectory);
        HttpResponseMessage refused;
        HttpResponseMessage notReady;
        try
        {
            refused = await client.PostAsync("/api/events", CloudEvents(Event("rse.onset", Start, subject: "GENH:2")));
            notReady = await client.GetAsync("/readyz");
        }
        finally
        {
            Tmpfs.MakeWritable(host.DataDirectory);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("not-ready", (await Json(notReady))["checks"]!["store"]!["status"]!.GetValue<string>());

        await WaitForReadiness(client, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/events", CloudEvents(Event("rse.onset", Start, subject: "GENH:2")))).StatusCode);
        var cases = await (await client.GetAsync("/api/cases")).Content.ReadAsStringAsync();
        Assert.Contains("GENH:2", cases);
    }

    [RootFact]
    public async Task A_store_volume_below_its_reserve_is_not_ready_though_a_small_write_still_fits_and_is_ready_again_once_space_is_freed()
    {
        using var disk = Tmpfs.Mount("16m");
        await using var small = new HostFactory(new Dictionary<string, string?> { ["NorseAlerts:DataDirectory"] = Path.Combine(disk.Path, "data") });
        var client = small.Client();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/events", CloudEvents(Event("rse.onset", Start, subject: "GENH:1")))).StatusCode);
        await WaitForReadiness(client, HttpStatusCode.OK);

        // Leave 1 MB: room for the probe's write, not for the 4 MB the host keeps in reserve.
        var filler = Path.Combine(disk.Path, "filler");
        using (var file = new FileStream(filler, FileMode.Create, FileAccess.Write))
        {
            var block = new byte[64 * 1024];
            for (var left = new DriveInfo(disk.Path).AvailableFreeSpace - (1024 * 1024); left > 0; left -= block.Length)
            {
                file.Write(block, 0, (int)Math.Min(block.Length, left));
            }
        }

        var full = await WaitForReadiness(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not-ready", full["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Contains("full", full["checks"]!["store"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(full["checks"]!["store"]!["data"]!["lastCommitAt"]);

        File.Delete(filler);
        var ready = await WaitForReadiness(client, HttpStatusCode.OK);
        Assert.True(ready["checks"]!["store"]!["data"]!["freeBytes"]!.GetValue<long>() > 4 * 1024 * 1024);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForReadiness(HttpClient client, HttpStatusCode expected)
    {
        var deadline = System.Environment.TickCount64 + 10000;
        while (true)
        {
            var response = await client.GetAsync("/readyz");
            if (response.StatusCode == expected)
            {
                return await Json(response);
            }

            if (System.Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"readiness never became {expected}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }
}
