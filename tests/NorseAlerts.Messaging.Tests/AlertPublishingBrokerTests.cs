using System.Text.Json;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging.Tests;

[Collection(BrokerCollection.Name)]
public class AlertPublishingBrokerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [BrokerFact]
    public async Task Page_arrives_on_the_role_queue_and_audit_with_every_property_intact()
    {
        var options = TestBroker.Options();
        await using var connection = TestBroker.Connect(options);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        var page = SamplePages.Page(kind: AlertKind.FirstLineOverdue, level: 2, role: "neurology-backup");

        await publisher.PublishAsync(page, CancellationToken.None);

        bool Mine(Message m) => m.Properties?.MessageId == page.MessageId;
        var received = Assert.Single(await TestBroker.ReceiveAsync(TestBroker.RoleQueue("neurology-backup"), Mine, 1, Wait));
        Assert.Equal(page.MessageId, received.Properties.MessageId);
        Assert.Equal(page.Alert.CaseId, received.Properties.GroupId);
        Assert.Equal("first-line-overdue", received.Properties.Subject);
        Assert.Equal("application/cloudevents+json", received.Properties.ContentType.ToString());
        Assert.True(received.Header.Durable);
        Assert.InRange(received.Header.Ttl, 1u, (uint)options.MessageTimeToLive.TotalMilliseconds);
        var properties = received.ApplicationProperties;
        Assert.Equal("critical", properties["severity"]);
        Assert.Equal("first-line-overdue", properties["kind"]);
        Assert.Equal("neurology-backup", properties["recipientRole"]);
        Assert.Equal(2, Convert.ToInt32(properties["level"]));
        Assert.Equal(0, Convert.ToInt32(properties["repeat"]));
        Assert.Equal(page.Alert.CaseId, properties["caseId"]);
        Assert.Equal(page.Alert.AlertId, properties["alertId"]);
        using var body = JsonDocument.Parse(Assert.IsType<Data>(received.BodySection).Binary);
        Assert.Equal("norsealerts.alert.first-line-overdue", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(page.Alert.CaseId, body.RootElement.GetProperty("subject").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("data").GetProperty("level").GetInt32());

        Assert.Single(await TestBroker.ReceiveAsync(TestBroker.RoleQueue("audit"), Mine, 1, Wait));
        Assert.True(await TestBroker.NothingFor(TestBroker.RoleQueue("neurology-oncall"), Mine));
        Assert.True(await TestBroker.NothingFor(TestBroker.RoleQueue("neurocritical-care-attending"), Mine));
    }

    [BrokerFact]
    public async Task Publishing_the_same_page_twice_sends_the_same_message_id_twice()
    {
        var options = TestBroker.Options();
        await using var connection = TestBroker.Connect(options);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        var page = SamplePages.Page();

        await publisher.PublishAsync(page, CancellationToken.None);
        await publisher.PublishAsync(page, CancellationToken.None);

        var received = await TestBroker.ReceiveAsync(
            TestBroker.RoleQueue("neurology-oncall"), m => m.Properties?.GroupId == page.Alert.CaseId, 2, Wait);
        Assert.Equal(2, received.Count);
        Assert.All(received, m => Assert.Equal(page.MessageId, m.Properties.MessageId));
        Assert.Equal(((Data)received[0].BodySection).Binary, ((Data)received[1].BodySection).Binary);
    }

    [BrokerFact]
    public async Task Publishing_to_an_address_the_broker_does_not_have_throws_so_the_outbox_keeps_the_page()
    {
        var options = TestBroker.Options();
        options.Entities.Alerts = "/exchange/no-such-exchange-" + Guid.NewGuid().ToString("N");
        await using var connection = TestBroker.Connect(options);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        var page = SamplePages.Page();

        var error = await Assert.ThrowsAsync<AlertPublishException>(() => publisher.PublishAsync(page, CancellationToken.None));

        Assert.Equal(page.MessageId, error.MessageId);
    }

    [BrokerFact]
    public async Task Wrong_password_is_reported_by_readiness_and_pages_stay_in_the_outbox()
    {
        var options = TestBroker.Options();
        var good = AmqpConnectionString.Parse(options.ConnectionString);
        options.ConnectionString = $"amqp://{good.UserName}:wrong-password@{good.Host}:{good.Port}";
        await using var connection = TestBroker.Connect(options);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);

        await Assert.ThrowsAsync<AlertPublishException>(() => publisher.PublishAsync(SamplePages.Page(), CancellationToken.None));

        await Eventually.True(() => connection.Health.LastError is not null, TimeSpan.FromSeconds(30), "the refusal to be recorded");
        Assert.False(connection.Health.IsConnected);
        Assert.Contains("Sasl negotiation failed", connection.Health.LastError);
        Assert.DoesNotContain("wrong-password", connection.Health.LastError + connection.Health.Endpoint);
    }
}
