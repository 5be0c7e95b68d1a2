using System.Net;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class SecurityTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task A_missing_or_wrong_key_is_a_401_problem(string? key)
    {
        var post = await host.Client(key).PostAsync("/api/events", CloudEvents(Event("rse.onset", Start)));
        var get = await host.Client(key).GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType!.MediaType);
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases"))).AsArray());
    }

    [Fact]
    public async Task A_key_narrowed_to_read_cannot_ingest_or_acknowledge()
    {
        var post = await host.Client(ReaderKey).PostAsync("/api/events", CloudEvents(Event("rse.onset", Start)));
        var ack = await host.Client(ReaderKey).PostAsync("/api/alerts/alert-x/ack", null);
        var read = await host.Client(ReaderKey).GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_key_narrowed_to_ingest_cannot_read()
    {
        var post = await host.Client(IngestKey).PostAsync("/api/events", CloudEvents(Event("rse.onset", Start)));
        var read = await host.Client(IngestKey).GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task Health_and_readiness_need_no_key()
    {
        var health = await host.Client(null).GetAsync("/healthz");
        var ready = await host.Client(null).GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await Json(ready))["checks"]!["store"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await (await host.Client(null).GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();

        Assert.Contains("/api/events", doc);
        Assert.Contains("/api/alerts/{alertId}/ack", doc);
    }
}

public sealed class StartupTests
{
    [Fact]
    public async Task Outside_development_the_host_refuses_to_start_without_an_api_key()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:ApiKeys:admin"] = null, ["NorseAlerts:ApiKeys:dashboard"] = null, ["NorseAlerts:ApiKeys:mirth"] = null });

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
    }

    [Fact]
    public async Task In_development_without_a_key_the_host_starts_and_refuses_anonymous_calls()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:ApiKeys:admin"] = null, ["NorseAlerts:ApiKeys:dashboard"] = null, ["NorseAlerts:ApiKeys:mirth"] = null }, "Development");

        var response = await host.Client(null).GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_protocol_refuses_to_start()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:Protocol"] = "no-such-protocol" });

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
    }

    [Fact]
    public async Task A_key_narrowed_to_an_unknown_role_refuses_to_start()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:Roles:dashboard"] = "read,admin" });

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
    }

    [Fact]
    public async Task A_bad_ack_timeout_refuses_to_start()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:Escalation:AckTimeout"] = "soon" });

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
    }
}

public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_page_is_served_without_a_key_under_a_strict_content_policy_and_sends_the_typed_key_as_a_header()
    {
        await using var host = new HostFactory();

        var response = await host.Client(null).GetAsync("/dashboard");
        var script = await host.Client(null).GetStringAsync("/dashboard/dashboard.js");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("/dashboard/dashboard.js", await response.Content.ReadAsStringAsync());
        Assert.Contains("'X-Api-Key': state.key", script);
        Assert.Contains("fetch('/api/updates'", script);
    }
}

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_count_accepted_events_and_carry_no_patient_key()
    {
        await using var host = new HostFactory();
        await host.Client().PostAsync("/api/events", HostFactory.CloudEvents(HostFactory.Event("rse.onset", HostFactory.Start.AddHours(-1), subject: "GENH:SECRET-MRN")));

        var deadline = Environment.TickCount64 + 10000;
        string text;
        do
        {
            await Task.Delay(200);
            text = await (await host.Client(null).GetAsync("/metrics")).Content.ReadAsStringAsync();
        }
        while (!text.Contains("norsealerts_events_accepted", StringComparison.Ordinal) && Environment.TickCount64 < deadline);

        Assert.Contains("norsealerts_events_accepted", text);
        Assert.DoesNotContain("SECRET-MRN", text);
    }

    [Fact]
    public async Task Metrics_export_the_scheduler_and_outbox_liveness_the_watchdog_measures()
    {
        await using var host = new HostFactory();
        _ = host.Client();
        string[] gauges = ["norsealerts_scheduler_last_pass_age_seconds", "norsealerts_timers_oldest_past_due_seconds", "norsealerts_outbox_oldest_owed_seconds", "norsealerts_outbox_backlog"];

        var deadline = Environment.TickCount64 + 10000;
        string text;
        do
        {
            host.Time.Advance(TimeSpan.FromSeconds(1)); // the watchdog checks once a second of the host's clock
            await Task.Delay(200);
            text = await (await host.Client(null).GetAsync("/metrics")).Content.ReadAsStringAsync();
        }
        while (!gauges.All(g => text.Contains(g, StringComparison.Ordinal)) && Environment.TickCount64 < deadline);

        Assert.All(gauges, g => Assert.Contains(g, text));
    }
}
