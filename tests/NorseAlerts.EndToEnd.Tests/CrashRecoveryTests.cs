using System.Net;
using System.Text.Json.Nodes;

namespace NorseAlerts.EndToEnd.Tests;

/// <summary>Real process, real clock: the guarantees of DESIGN section 6 that only a kill -9 can test.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "norse-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task An_event_that_got_202_survives_kill_9_immediately_after()
    {
        await using (var host = await HostProcess.StartAsync(data))
        {
            var response = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddHours(-1), "GENH:1", "survivor");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            host.Kill9();
        }

        await using var restarted = await HostProcess.StartAsync(data);
        var cases = await restarted.GetArrayAsync("/api/cases");
        Assert.Single(cases);
        var again = await restarted.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddHours(-1), "GENH:1", "survivor");
        Assert.Contains("survivor", await again.Content.ReadAsStringAsync());
        Assert.Single(await restarted.GetArrayAsync("/api/cases"));
    }

    [Fact]
    public async Task A_deadline_that_falls_due_while_the_process_is_dead_fires_exactly_once_after_restart()
    {
        // The due-soon reminder falls 24 h before the 7-day window closes: place it 3 s from now.
        await using (var host = await HostProcess.StartAsync(data))
        {
            var onset = DateTimeOffset.UtcNow - TimeSpan.FromDays(6) + TimeSpan.FromSeconds(3);
            Assert.Equal(HttpStatusCode.Accepted, (await host.PostEventAsync("rse.onset", onset, "GENH:2", "onset-2")).StatusCode);
            Assert.Empty(await host.GetArrayAsync("/api/alerts"));
            host.Kill9();
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        await using var restarted = await HostProcess.StartAsync(data);
        var deadline = Environment.TickCount64 + 10000;
        var alerts = await restarted.GetArrayAsync("/api/alerts");
        while (alerts.Count == 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(100);
            alerts = await restarted.GetArrayAsync("/api/alerts");
        }

        await Task.Delay(1500);
        alerts = await restarted.GetArrayAsync("/api/alerts");
        var alert = Assert.Single(alerts)!;
        Assert.Equal("first-line-due-soon", alert["kind"]!.GetValue<string>());
        var caseId = alert["caseId"]!.GetValue<string>();
        var audit = await restarted.GetArrayAsync($"/api/cases/{caseId}/audit");
        Assert.Single(audit, a => a!["kind"]!.GetValue<string>() == "alert-raised");
        Assert.Single(audit, a => a!["kind"]!.GetValue<string>() == "page");
    }

    [Fact]
    public async Task A_deadline_fires_within_a_second_of_its_due_time_in_real_time()
    {
        await using var host = await HostProcess.StartAsync(data);
        var dueSoonAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeMilliseconds());
        var onset = dueSoonAt - TimeSpan.FromDays(6);
        await host.PostEventAsync("rse.onset", onset, "GENH:4", "onset-4");

        var deadline = Environment.TickCount64 + 15000;
        JsonArray alerts;
        do
        {
            await Task.Delay(100);
            alerts = await host.GetArrayAsync("/api/alerts");
        }
        while (alerts.Count == 0 && Environment.TickCount64 < deadline);

        var raisedAt = Assert.Single(alerts)!["raisedAt"]!.GetValue<DateTimeOffset>();
        var lateness = raisedAt - dueSoonAt;
        Assert.True(lateness >= TimeSpan.Zero, $"fired {-lateness.TotalMilliseconds} ms early");
        Assert.True(lateness < TimeSpan.FromSeconds(1), $"fired {lateness.TotalMilliseconds} ms late");
    }

    [Fact]
    public async Task With_a_seconds_ack_timeout_an_unacknowledged_alert_escalates_in_real_time()
    {
        await using var host = await HostProcess.StartAsync(data, new Dictionary<string, string> { ["NorseAlerts__Escalation__AckTimeout"] = "00:00:02" });
        await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddDays(-8), "GENH:3", "onset-3");

        var deadline = Environment.TickCount64 + 15000;
        int level;
        do
        {
            await Task.Delay(200);
            level = (await host.GetArrayAsync("/api/alerts?state=triggered"))[0]!["level"]!.GetValue<int>();
        }
        while (level < 3 && Environment.TickCount64 < deadline);

        Assert.Equal(3, level);
    }

    [Fact]
    public async Task Outside_development_the_process_refuses_to_start_without_a_key_and_says_how_to_set_one()
    {
        var port = 0;
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", [HostProcess.HostDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["NorseAlerts__DataDirectory"] = data;
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("NorseAlerts__ApiKeys__", stderr);
    }
}
