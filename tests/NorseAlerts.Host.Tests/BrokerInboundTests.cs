using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Messaging;
using NorseAlerts.Runtime;
using static NorseAlerts.Host.Tests.HostFactory;

namespace NorseAlerts.Host.Tests;

/// <summary>The queue consumers' handler: same validation and commit path as HTTP, settled after commit.</summary>
public sealed class BrokerInboundTests : IAsyncLifetime
{
    private readonly HostFactory host = new();
    private BrokerInbound inbound = null!;
    private CaseQueries queries = null!;

    public Task InitializeAsync()
    {
        _ = host.Server;
        inbound = new BrokerInbound(host.Services.GetRequiredService<CaseEngine>(), host.Time, NullLogger<BrokerInbound>.Instance);
        queries = host.Services.GetRequiredService<CaseQueries>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static InboundMessage Message(string body, string contentType = "application/cloudevents+json") =>
        new(Encoding.UTF8.GetBytes(body), contentType, "m-1", null, new Dictionary<string, object?>(), 1);

    [Fact]
    public async Task A_good_clinical_event_message_is_committed_before_it_is_accepted()
    {
        var outcome = await inbound.HandleClinicalEventAsync(Message(Event("rse.onset", Start.AddHours(-2))), CancellationToken.None);

        Assert.IsType<InboundOutcome.Accepted>(outcome);
        Assert.Single(queries.ListCases("active"));
    }

    [Fact]
    public async Task A_poison_clinical_event_message_is_rejected_with_the_bad_field_and_stores_nothing()
    {
        var outcome = await inbound.HandleClinicalEventAsync(Message(Event("immunotherapy.first-line.started", Start, data: new { agent = "aspirin" })), CancellationToken.None);

        var rejected = Assert.IsType<InboundOutcome.Rejected>(outcome);
        Assert.Contains("data.agent", rejected.Description);
        Assert.Empty(queries.ListCases(null));
    }

    [Fact]
    public async Task An_ack_message_acknowledges_the_alert_and_an_unknown_alert_is_rejected()
    {
        await inbound.HandleClinicalEventAsync(Message(Event("rse.onset", Start.AddDays(-8))), CancellationToken.None);
        var alertId = Assert.Single(queries.ListAlerts(null, "triggered")).AlertId;

        var ok = await inbound.HandleAckAsync(Message($"{{\"alertId\":\"{alertId}\",\"by\":\"pager:4711\"}}", "application/json"), CancellationToken.None);
        var unknown = await inbound.HandleAckAsync(Message("{\"alertId\":\"alert-nope\",\"by\":\"pager:4711\"}", "application/json"), CancellationToken.None);
        var garbage = await inbound.HandleAckAsync(Message("not json", "application/json"), CancellationToken.None);

        Assert.IsType<InboundOutcome.Accepted>(ok);
        Assert.Equal("pager:4711", Assert.Single(queries.ListAlerts(null, "acknowledged")).AcknowledgedBy);
        Assert.IsType<InboundOutcome.Rejected>(unknown);
        Assert.IsType<InboundOutcome.Rejected>(garbage);
    }
}

public sealed class BrokerConfigurationTests
{
    [Fact]
    public async Task An_invalid_broker_connection_string_refuses_to_start()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:Amqp:ConnectionString"] = "Endpoint=not-a-uri;SharedAccessKeyName=x" });

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
    }

    [Fact]
    public async Task Readiness_reports_an_unreachable_broker_as_not_ready_while_ingest_keeps_working()
    {
        await using var host = new HostFactory(new() { ["NorseAlerts:Amqp:ConnectionString"] = "amqp://norse:norse@127.0.0.1:1" });

        var ready = await host.Client(null).GetAsync("/readyz");
        var ingest = await host.Client().PostAsync("/api/events", CloudEvents(Event("rse.onset", Start.AddDays(-8))));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await Json(ready);
        Assert.Equal("ready", body["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("not-ready", body["checks"]!["broker"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain("connected", body["checks"]!["broker"]!["description"]!.GetValue<string>().Replace("not connected", "", StringComparison.Ordinal).Replace("disconnected", "", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, ingest.StatusCode);
    }
}
