using System.Diagnostics;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Messaging.Tests;

[Collection(BrokerCollection.Name)]
public class BrokerOutageTests
{
    /// <summary>Starting RabbitMQ on a loaded CI machine can take tens of seconds.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(120);

    [BrokerFact]
    public async Task Pages_that_fall_due_during_a_broker_outage_arrive_once_each_in_order_per_case_after_restart()
    {
        var options = TestBroker.Options();
        await using var connection = TestBroker.Connect(options);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        var handler = new RecordingHandler();
        var listener = new AmqpInboundListener(connection, handler, options, NullLogger<AmqpInboundListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        var caseA = SamplePages.NewCaseId();
        var caseB = SamplePages.NewCaseId();
        var a1 = SamplePages.Page(caseA, level: 1, role: "neurology-oncall");
        var a2 = SamplePages.Page(caseA, level: 2, role: "neurology-backup");
        var a3 = SamplePages.Page(caseA, level: 3, role: "neurocritical-care-attending");
        var b1 = SamplePages.Page(caseB, kind: AlertKind.ResponseCheckDue, level: 1, role: "neurology-oncall");
        var b2 = SamplePages.Page(caseB, kind: AlertKind.ResponseCheckDue, level: 2, role: "neurology-backup");
        Task? restart = null;
        try
        {
            await publisher.PublishAsync(a1, CancellationToken.None);

            await TestBroker.ScriptAsync("stop");
            await Assert.ThrowsAsync<AlertPublishException>(() => publisher.PublishAsync(a2, CancellationToken.None));
            Assert.False(connection.Health.IsConnected);
            Assert.NotNull(connection.Health.LastError);

            // The outbox: pages fall due in this order and each is retried until the broker accepts it.
            restart = TestBroker.ScriptAsync("start");
            var failures = 0;
            var clock = Stopwatch.StartNew();
            foreach (var page in new[] { a2, b1, a3, b2 })
            {
                while (true)
                {
                    try
                    {
                        await publisher.PublishAsync(page, CancellationToken.None);
                        break;
                    }
                    catch (AlertPublishException)
                    {
                        failures++;
                        Assert.True(clock.Elapsed < RecoveryLimit, "publishing did not recover after the broker restarted");
                        await Task.Delay(200);
                    }
                }
            }

            await restart;
            Assert.True(failures > 0, "publishing failed while the broker was down");
            Assert.True(connection.Health.IsConnected);

            // The receiving links come back too: an ack sent after the restart reaches the handler.
            var ackId = "ack-" + Guid.NewGuid().ToString("N");
            await TestBroker.SendAsync(TestBroker.Acks, new Message("""{"alertId":"a","by":"b"}""") { Properties = new Properties { MessageId = ackId } });
            await Eventually.True(() => handler.Acks.Any(m => m.MessageId == ackId), TimeSpan.FromSeconds(30), "ack delivery after the restart");
        }
        finally
        {
            if (restart is not null)
            {
                await restart.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            // Leave a running broker for the other tests whatever happened above.
            await TestBroker.ScriptAsync("start");
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }

        var audit = await TestBroker.ReceiveAsync(
            TestBroker.RoleQueue("audit"), m => m.Properties?.GroupId == caseA || m.Properties?.GroupId == caseB, 5, TimeSpan.FromSeconds(15));
        var firstSeen = audit.Select(m => m.Properties.MessageId).Distinct().ToList();
        Assert.Equal([a1.MessageId, a2.MessageId, a3.MessageId], firstSeen.Where(id => id.StartsWith(a1.Alert.AlertId, StringComparison.Ordinal)));
        Assert.Equal([b1.MessageId, b2.MessageId], firstSeen.Where(id => id.StartsWith(b1.Alert.AlertId, StringComparison.Ordinal)));
        Assert.Equal(5, audit.Count);

        var oncall = await TestBroker.ReceiveAsync(
            TestBroker.RoleQueue("neurology-oncall"), m => m.Properties?.GroupId == caseA || m.Properties?.GroupId == caseB, 2, TimeSpan.FromSeconds(10));
        Assert.Equal([a1.MessageId, b1.MessageId], oncall.Select(m => m.Properties.MessageId));
    }
}
