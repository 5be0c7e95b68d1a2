using System.Text.Json;
using Amqp.Framing;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging.Tests.ServiceBus;

/// <summary>Pages through the real Azure.Messaging.ServiceBus SDK, checked on the wire at <see cref="ServiceBusTestEndpoint"/>.</summary>
public class ServiceBusPublishingTests
{
    private static ServiceBusAlertPublisher Publisher(ServiceBusTransport transport, AmqpOptions options) =>
        new(transport, options, NullLogger<ServiceBusAlertPublisher>.Instance);

    private static ServiceBusTransport Transport(AmqpOptions options) =>
        new(options, NullLogger<ServiceBusTransport>.Instance);

    [Fact]
    public async Task A_page_arrives_once_per_alert_level_and_repeat_with_every_property()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        var options = endpoint.Options();
        await using var transport = Transport(options);
        var publisher = Publisher(transport, options);
        var caseId = SamplePages.NewCaseId();
        var pages = new[]
        {
            SamplePages.Page(caseId, level: 1, role: "neurology-oncall"),
            SamplePages.Page(caseId, level: 2, role: "neurology-backup"),
            SamplePages.Page(caseId, level: 3, role: "neurocritical-care-attending"),
            SamplePages.Page(caseId, level: 3, repeat: 1, role: "neurocritical-care-attending"),
        };

        foreach (var page in pages)
        {
            await publisher.PublishAsync(page, CancellationToken.None);
        }

        var received = endpoint["escalations"].Settled.ToList();
        var alertId = pages[0].Alert.AlertId;
        Assert.Equal([$"{alertId}:1:0", $"{alertId}:2:0", $"{alertId}:3:0", $"{alertId}:3:1"], received.Select(m => m.Properties.MessageId));
        foreach (var (message, page) in received.Zip(pages))
        {
            Assert.Equal(caseId, message.Properties.GroupId);
            Assert.Equal("application/cloudevents+json", message.Properties.ContentType.ToString());
            Assert.Equal("first-line-overdue", message.Properties.Subject);
            Assert.Equal((uint)options.MessageTimeToLive.TotalMilliseconds, message.Header.Ttl);
            var properties = message.ApplicationProperties;
            Assert.Equal("critical", properties["severity"]);
            Assert.Equal("first-line-overdue", properties["kind"]);
            Assert.Equal(page.Alert.RecipientRole, properties["recipientRole"]);
            Assert.Equal(page.Alert.Level, properties["level"]);
            Assert.Equal(page.Alert.Repeat, properties["repeat"]);
            Assert.Equal(caseId, properties["caseId"]);
            Assert.Equal(alertId, properties["alertId"]);
            using var body = JsonDocument.Parse(Assert.IsType<Data>(message.BodySection).Binary);
            Assert.Equal("1.0", body.RootElement.GetProperty("specversion").GetString());
            Assert.Equal(page.MessageId, body.RootElement.GetProperty("id").GetString());
            Assert.Equal("norsealerts.alert.first-line-overdue", body.RootElement.GetProperty("type").GetString());
            Assert.Equal(caseId, body.RootElement.GetProperty("subject").GetString());
            Assert.Equal(page.Alert.Level, body.RootElement.GetProperty("data").GetProperty("level").GetInt32());
        }

        Assert.True(transport.Health.IsConnected);
    }

    [Fact]
    public async Task A_retry_after_a_dropped_connection_sends_the_same_message_id_again()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        var options = endpoint.Options();
        await using var transport = Transport(options);
        var publisher = Publisher(transport, options);
        var page = SamplePages.Page(level: 2, role: "neurology-backup");
        endpoint.DropConnectionOnNextMessage = true;

        await publisher.PublishAsync(page, CancellationToken.None);

        var attempts = endpoint["escalations"].Received.ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, m => Assert.Equal(page.MessageId, m.Properties.MessageId));
        Assert.Equal(page.MessageId, Assert.Single(endpoint["escalations"].Settled).Properties.MessageId);
        Assert.True(endpoint.ConnectionsOpened >= 2, "the retry went over a new connection");
    }

    [Fact]
    public async Task A_page_that_cannot_be_sent_fails_so_the_outbox_keeps_it_and_readiness_says_why()
    {
        var endpoint = new ServiceBusTestEndpoint();
        var options = endpoint.Options();
        endpoint.Dispose();
        options.SendTimeout = TimeSpan.FromSeconds(1);
        options.MaxRetries = 0;
        await using var transport = Transport(options);
        var page = SamplePages.Page();

        var error = await Assert.ThrowsAsync<AlertPublishException>(() => Publisher(transport, options).PublishAsync(page, CancellationToken.None));

        Assert.Equal(page.MessageId, error.MessageId);
        Assert.False(transport.Health.IsConnected);
        Assert.Equal(BrokerState.Disconnected, transport.Health.State);
        Assert.NotNull(transport.Health.LastError);
        Assert.DoesNotContain("test-key", transport.Health.LastError + transport.Health.Endpoint);
    }

    [Fact]
    public async Task Readiness_check_attaches_the_escalations_topic_and_reports_connected()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        await using var transport = Transport(endpoint.Options());
        Assert.Equal(BrokerState.NotStarted, transport.Health.State);

        await transport.CheckAsync(CancellationToken.None);

        Assert.True(transport.Health.IsConnected);
        Assert.Equal($"sb://127.0.0.1:{endpoint.Port} (SharedAccessKey, emulator)", transport.Health.Endpoint);
    }

    [Fact]
    public async Task Readiness_check_reports_an_unreachable_namespace_with_the_reason()
    {
        var endpoint = new ServiceBusTestEndpoint();
        var options = endpoint.Options();
        endpoint.Dispose();
        options.MaxRetries = 0;
        options.SendTimeout = TimeSpan.FromSeconds(1);
        await using var transport = Transport(options);

        await transport.CheckAsync(CancellationToken.None);

        var health = transport.Health;
        Assert.Equal(BrokerState.Disconnected, health.State);
        Assert.False(string.IsNullOrEmpty(health.LastError));
        Assert.NotNull(health.NextAttemptAt);
    }
}
