using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

public sealed class CaseAndAlertEndpointTests : IAsyncLifetime
{
    private readonly HostFactory host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> Onset(DateTimeOffset at, string subject = "GENH:00123456")
    {
        var body = await Json(await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", at, subject: subject))));
        return body["accepted"]![0]!["caseId"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_case_shows_stage_protocol_deadlines_timeline_and_alerts()
    {
        var caseId = await Onset(Start.AddDays(-8));

        var detail = await Json(await host.Client().GetAsync($"/api/cases/{caseId}"));

        Assert.Equal(caseId, detail["caseId"]!.GetValue<string>());
        Assert.Equal("first-line-overdue", detail["stage"]!.GetValue<string>());
        Assert.Equal("seed", detail["protocol"]!.GetValue<string>());
        var deadline = detail["deadlines"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "first-line-window")!;
        Assert.Equal("missed", deadline["status"]!.GetValue<string>());
        Assert.Equal(Start.AddDays(-1), deadline["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("rse.onset", detail["events"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("first-line-overdue", detail["alerts"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alerts_carry_the_contract_fields_and_filter_by_case_and_state()
    {
        var overdueCase = await Onset(Start.AddDays(-8), "A");
        await Onset(Start.AddDays(-6.5), "B");

        var all = await Json(await host.Client().GetAsync("/api/alerts"));
        var forCase = await Json(await host.Client().GetAsync($"/api/alerts?caseId={overdueCase}&state=triggered"));
        var resolved = await Json(await host.Client().GetAsync("/api/alerts?state=resolved"));

        Assert.Equal(2, all.AsArray().Count);
        var alert = Assert.Single(forCase.AsArray())!;
        foreach (var field in new[] { "alertId", "caseId", "kind", "severity", "level", "recipientRole", "state", "raisedAt", "dueAt", "message", "recommendations" })
        {
            Assert.True(alert.AsObject().ContainsKey(field), field);
        }

        Assert.Equal("first-line-overdue", alert["kind"]!.GetValue<string>());
        Assert.Equal(1, alert["level"]!.GetValue<int>());
        Assert.Equal("neurology-oncall", alert["recipientRole"]!.GetValue<string>());
        Assert.Equal("critical", alert["severity"]!.GetValue<string>());
        Assert.NotEmpty(alert["recommendations"]!.AsArray());
        Assert.Empty(resolved.AsArray());
    }

    [Fact]
    public async Task Bad_filters_are_400_and_unknown_case_is_404()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client().GetAsync("/api/cases?status=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client().GetAsync("/api/alerts?state=snoozed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client().GetAsync("/api/cases/case-unknown")).StatusCode);
    }

    [Fact]
    public async Task Acknowledging_returns_200_with_the_acknowledged_alert_and_unknown_alerts_are_404()
    {
        await Onset(Start.AddDays(-8));
        var alertId = (await Json(await host.Client().GetAsync("/api/alerts")))[0]!["alertId"]!.GetValue<string>();

        var ack = await host.Client().PostAsJsonAsync($"/api/alerts/{alertId}/ack", new { by = "dr.oncall", note = "on my way" });
        var unknown = await host.Client().PostAsJsonAsync("/api/alerts/alert-nope/ack", new { by = "dr.oncall" });

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var body = await Json(ack);
        Assert.Equal("acknowledged", body["state"]!.GetValue<string>());
        Assert.Equal("dr.oncall", body["acknowledgedBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Single((await Json(await host.Client().GetAsync("/api/alerts?state=acknowledged"))).AsArray());
    }

    [Fact]
    public async Task A_malformed_ack_body_is_a_400_and_changes_nothing()
    {
        await Onset(Start.AddDays(-8));
        var alertId = (await Json(await host.Client().GetAsync("/api/alerts")))[0]!["alertId"]!.GetValue<string>();

        var response = await host.Client().PostAsync($"/api/alerts/{alertId}/ack", new StringContent("{by:", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single((await Json(await host.Client().GetAsync("/api/alerts?state=triggered"))).AsArray());
    }

    [Fact]
    public async Task Over_weeks_of_fake_time_every_window_pages_and_escalates_through_the_api()
    {
        var caseId = await Onset(Start);
        var client = host.Client();

        await host.AdvanceAsync(TimeSpan.FromDays(6) + TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));
        await Eventually(async () => (await Json(await client.GetAsync($"/api/alerts?caseId={caseId}"))).AsArray(), a => a.Count == 1, "due-soon");

        await host.AdvanceAsync(TimeSpan.FromDays(1), TimeSpan.FromHours(6));
        var alerts = await Eventually(async () => (await Json(await client.GetAsync($"/api/alerts?caseId={caseId}"))).AsArray(), a => a.Count == 2, "overdue");
        Assert.Equal("resolved", alerts.Single(a => a!["kind"]!.GetValue<string>() == "first-line-due-soon")!["state"]!.GetValue<string>());

        await host.AdvanceAsync(TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(1));
        var escalated = await Eventually(
            async () => (await Json(await client.GetAsync($"/api/alerts?caseId={caseId}&state=triggered"))).AsArray(),
            a => a.Count == 1 && a[0]!["level"]!.GetValue<int>() == 3,
            "level 3");
        Assert.Equal("neurocritical-care-attending", escalated[0]!["recipientRole"]!.GetValue<string>());

        await client.PostAsync("/api/events", CloudEvents(Event("immunotherapy.first-line.started", host.Time.GetUtcNow().AddDays(-2), data: new { agent = "methylprednisolone" })));
        var resolved = (await Json(await client.GetAsync($"/api/alerts?caseId={caseId}&state=resolved"))).AsArray();
        Assert.Equal(2, resolved.Count);
        var detail = await Json(await client.GetAsync($"/api/cases/{caseId}"));
        Assert.Equal("met", detail["deadlines"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "first-line-window")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_closure_event_closes_the_case_and_resolves_its_alerts()
    {
        var caseId = await Onset(Start.AddDays(-8));

        await host.Client().PostAsync("/api/events", CloudEvents(Event("etiology.identified", Start, data: new { etiology = "anti-NMDA receptor encephalitis" })));

        Assert.Single((await Json(await host.Client().GetAsync("/api/cases?status=closed"))).AsArray());
        Assert.Empty((await Json(await host.Client().GetAsync("/api/cases?status=active"))).AsArray());
        Assert.Empty((await Json(await host.Client().GetAsync($"/api/alerts?caseId={caseId}&state=triggered"))).AsArray());
        var audit = (await Json(await host.Client().GetAsync($"/api/cases/{caseId}/audit"))).AsArray();
        Assert.Contains(audit, a => a!["kind"]!.GetValue<string>() == "case-closed");
    }

    [Fact]
    public async Task A_case_pins_the_configured_protocol()
    {
        await using var consensus = new HostFactory(new() { ["NorseAlerts:Protocol"] = "consensus-2022" });
        var body = await Json(await consensus.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddHours(-80)))));
        var caseId = body["accepted"]![0]!["caseId"]!.GetValue<string>();

        var detail = await Json(await consensus.Client().GetAsync($"/api/cases/{caseId}"));

        Assert.Equal("consensus-2022", detail["protocol"]!.GetValue<string>());
        Assert.Equal("first-line-overdue", detail["stage"]!.GetValue<string>());
    }
}
