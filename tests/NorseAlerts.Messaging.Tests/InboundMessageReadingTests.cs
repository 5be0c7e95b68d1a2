using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace NorseAlerts.Messaging.Tests;

public class InboundMessageReadingTests
{
    [Fact]
    public void Data_body_and_properties_are_handed_over_as_they_came()
    {
        var message = new Message
        {
            BodySection = new Data { Binary = Encoding.UTF8.GetBytes("{\"a\":1}") },
            Properties = new Properties { MessageId = "m-1", ContentType = new Symbol("application/cloudevents+json"), Subject = "rse.onset" },
            Header = new Header { DeliveryCount = 2 },
            ApplicationProperties = new ApplicationProperties(),
        };
        message.ApplicationProperties["source"] = "engine-a";
        message.ApplicationProperties["priority"] = 3;
        message.ApplicationProperties["flag"] = new Symbol("yes");

        var inbound = AmqpInboundListener.Read(message)!;

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(inbound.Body.Span));
        Assert.Equal("m-1", inbound.MessageId);
        Assert.Equal("application/cloudevents+json", inbound.ContentType);
        Assert.Equal("rse.onset", inbound.Subject);
        Assert.Equal(2, inbound.DeliveryCount);
        Assert.Equal("engine-a", inbound.ApplicationProperties["source"]);
        Assert.Equal(3, inbound.ApplicationProperties["priority"]);
        Assert.Equal("yes", inbound.ApplicationProperties["flag"]);
    }

    [Fact]
    public void String_amqp_value_body_is_read_as_utf8()
    {
        var inbound = AmqpInboundListener.Read(new Message("{\"alertId\":\"ä\"}"))!;

        Assert.Equal("{\"alertId\":\"ä\"}", Encoding.UTF8.GetString(inbound.Body.Span));
        Assert.Null(inbound.MessageId);
        Assert.Empty(inbound.ApplicationProperties);
    }

    [Fact]
    public void Sequence_bodies_are_not_readable_so_the_message_is_rejected()
    {
        var message = new Message { BodySection = new AmqpSequence { List = new List<object> { 1, 2 } } };

        Assert.Null(AmqpInboundListener.Read(message));
    }

    [Fact]
    public void Rejection_error_carries_the_condition_the_reason_and_the_description()
    {
        var error = AmqpInboundListener.RejectionError(new InboundOutcome.Rejected("validation-failed", "time: more than 5 minutes in the future"));

        Assert.Equal("norsealerts:invalid-message", error.Condition.ToString());
        Assert.Equal("validation-failed: time: more than 5 minutes in the future", error.Description);
        Assert.Null(error.Info);
    }
}
