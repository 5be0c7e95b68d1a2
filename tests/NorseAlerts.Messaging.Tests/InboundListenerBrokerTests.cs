using System.Text;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging.Abstractions;

namespace NorseAlerts.Messaging.Tests;

[Collection(BrokerCollection.Name)]
public class InboundListenerBrokerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Message Event(string messageId, string json) => new()
    {
        BodySection = new Data { Binary = Encoding.UTF8.GetBytes(json) },
        Properties = new Properties { MessageId = messageId, ContentType = new Amqp.Types.Symbol("application/cloudevents+json") },
        ApplicationProperties = new ApplicationProperties { ["source"] = "engine-a" },
    };

    private static string NewId() => "msg-" + Guid.NewGuid().ToString("N");

    private static async Task<(BrokerConnection Connection, AmqpInboundListener Listener)> StartAsync(RecordingHandler handler)
    {
        var options = TestBroker.Options();
        var connection = TestBroker.Connect(options);
        var listener = new AmqpInboundListener(connection, handler, options, NullLogger<AmqpInboundListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        return (connection, listener);
    }

    private static async Task StopAsync((BrokerConnection Connection, AmqpInboundListener Listener) running)
    {
        await running.Listener.StopAsync(CancellationToken.None);
        running.Listener.Dispose();
        await running.Connection.DisposeAsync();
    }

    [BrokerFact]
    public async Task Good_clinical_event_reaches_the_handler_and_is_accepted()
    {
        var handler = new RecordingHandler();
        var id = NewId();
        handler.Script(id, () => new InboundOutcome.Accepted());
        var running = await StartAsync(handler);
        try
        {
            await TestBroker.SendAsync(TestBroker.Events, Event(id, """{"specversion":"1.0","id":"e1"}"""));

            await Eventually.True(() => handler.Events.Any(m => m.MessageId == id), Wait, "delivery to HandleClinicalEventAsync");
            var seen = handler.Events.Single(m => m.MessageId == id);
            Assert.Equal("""{"specversion":"1.0","id":"e1"}""", Encoding.UTF8.GetString(seen.Body.Span));
            Assert.Equal("application/cloudevents+json", seen.ContentType);
            Assert.Equal("engine-a", seen.ApplicationProperties["source"]);
        }
        finally
        {
            await StopAsync(running);
        }

        Assert.True(await TestBroker.NothingFor(TestBroker.Events, m => m.Properties?.MessageId == id), "accepted message is gone from the queue");
        Assert.True(await TestBroker.NothingFor(TestBroker.Queue("clinical-events.dlq"), m => m.Properties?.MessageId == id), "accepted message is not dead-lettered");
    }

    [BrokerFact]
    public async Task Poison_clinical_event_is_rejected_into_the_dead_letter_queue_with_its_reason()
    {
        var handler = new RecordingHandler();
        var id = NewId();
        handler.Script(id, () => new InboundOutcome.Rejected("validation-failed", "time: must be RFC 3339"));
        var running = await StartAsync(handler);
        try
        {
            await TestBroker.SendAsync(TestBroker.Events, Event(id, $$"""{"poison":"{{id}}"}"""));

            await Eventually.True(() => handler.Events.Any(m => m.MessageId == id), Wait, "delivery of the poison message");
            var dead = await DeadLetters.FindAsync("clinical-events.dlq", id, Wait);
            Assert.Equal(("rejected", "clinical-events"), dead);
        }
        finally
        {
            await StopAsync(running);
        }

        Assert.Single(handler.Events, m => m.MessageId == id);
    }

    [BrokerFact]
    public async Task Message_with_an_unreadable_body_is_dead_lettered_without_reaching_the_handler()
    {
        var handler = new RecordingHandler();
        var id = NewId();
        var running = await StartAsync(handler);
        try
        {
            var message = new Message { BodySection = new AmqpSequence { List = new List<object> { id } }, Properties = new Properties { MessageId = id } };
            await TestBroker.SendAsync(TestBroker.Events, message);

            var dead = await TestBroker.ReceiveAsync(TestBroker.Queue("clinical-events.dlq"), m => m.Properties?.MessageId == id, 1, Wait);
            Assert.Single(dead);
        }
        finally
        {
            await StopAsync(running);
        }

        Assert.DoesNotContain(handler.Events, m => m.MessageId == id);
    }

    [BrokerFact]
    public async Task Ack_message_reaches_the_ack_handler_in_the_documented_format()
    {
        var handler = new RecordingHandler();
        var id = NewId();
        var running = await StartAsync(handler);
        try
        {
            var ack = new Message("""{"alertId":"alert-123","by":"dr.hansen","note":"on my way"}""") { Properties = new Properties { MessageId = id } };
            await TestBroker.SendAsync(TestBroker.Acks, ack);

            await Eventually.True(() => handler.Acks.Any(m => m.MessageId == id), Wait, "delivery to HandleAckAsync");
        }
        finally
        {
            await StopAsync(running);
        }

        Assert.True(AckMessage.TryParse(handler.Acks.Single(m => m.MessageId == id).Body, out var parsed, out _));
        Assert.Equal(new AckMessage("alert-123", "dr.hansen", "on my way"), parsed);
        Assert.DoesNotContain(handler.Events, m => m.MessageId == id);
    }

    [BrokerFact]
    public async Task Transient_failures_and_handler_exceptions_release_the_message_for_redelivery()
    {
        var handler = new RecordingHandler();
        var id = NewId();
        handler.Script(
            id,
            () => throw new TimeoutException("store busy"),
            () => new InboundOutcome.Transient("database is locked"),
            () => new InboundOutcome.Accepted());
        var running = await StartAsync(handler);
        try
        {
            await TestBroker.SendAsync(TestBroker.Events, Event(id, "{}"));

            await Eventually.True(() => handler.Events.Count(m => m.MessageId == id) == 3, Wait, "three deliveries of the same message");
        }
        finally
        {
            await StopAsync(running);
        }

        Assert.Equal(3, handler.Events.Count(m => m.MessageId == id));
        Assert.True(await TestBroker.NothingFor(TestBroker.Events, m => m.Properties?.MessageId == id), "accepted on the third delivery");
    }
}
