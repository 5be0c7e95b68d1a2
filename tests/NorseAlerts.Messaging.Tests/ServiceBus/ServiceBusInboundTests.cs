using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace NorseAlerts.Messaging.Tests.ServiceBus;

/// <summary>The clinical-events and alert-acks queues through the real SDK's processor, settled at <see cref="ServiceBusTestEndpoint"/>.</summary>
public class ServiceBusInboundTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static async Task<ServiceBusInboundListener> StartAsync(ServiceBusTestEndpoint endpoint, IInboundMessageHandler handler, ServiceBusTransport transport)
    {
        var listener = new ServiceBusInboundListener(transport, handler, endpoint.Options(), NullLogger<ServiceBusInboundListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        return listener;
    }

    private static async Task StopAsync(ServiceBusInboundListener listener)
    {
        await listener.StopAsync(CancellationToken.None);
        listener.Dispose();
    }

    [Fact]
    public async Task An_unusable_clinical_event_is_dead_lettered_with_its_reason_and_description()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        await using var transport = new ServiceBusTransport(endpoint.Options(), NullLogger<ServiceBusTransport>.Instance);
        var handler = new RecordingHandler();
        handler.Script("evt-1", () => new InboundOutcome.Rejected("invalid-event", "time: more than 5 minutes in the future"));
        var listener = await StartAsync(endpoint, handler, transport);
        try
        {
            endpoint["clinical-events"].Enqueue("evt-1", """{"specversion":"1.0","id":"e1"}"""u8.ToArray(), "application/cloudevents+json");

            await Eventually.True(() => !endpoint["clinical-events"].Dispositions.IsEmpty, Wait, "a disposition");
        }
        finally
        {
            await StopAsync(listener);
        }

        var seen = Assert.Single(handler.Events);
        Assert.Equal("""{"specversion":"1.0","id":"e1"}""", Encoding.UTF8.GetString(seen.Body.Span));
        Assert.Equal("application/cloudevents+json", seen.ContentType);
        Assert.Equal(
            new ServiceBusTestEndpoint.Disposition("evt-1", "dead-letter", "invalid-event", "time: more than 5 minutes in the future"),
            Assert.Single(endpoint["clinical-events"].Dispositions));
        Assert.Empty(handler.Acks);
    }

    [Fact]
    public async Task An_ack_is_completed_only_after_its_commit_returned()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        await using var transport = new ServiceBusTransport(endpoint.Options(), NullLogger<ServiceBusTransport>.Instance);
        var handler = new CommitGate();
        var listener = await StartAsync(endpoint, handler, transport);
        try
        {
            endpoint["alert-acks"].Enqueue("ack-1", """{"alertId":"alert-1","by":"dr.hansen"}"""u8.ToArray(), AckMessage.ContentType);
            await handler.Entered.Task.WaitAsync(Wait);
            await Task.Delay(300);
            Assert.Empty(endpoint["alert-acks"].Dispositions);

            handler.Commit.SetResult();

            await Eventually.True(() => !endpoint["alert-acks"].Dispositions.IsEmpty, Wait, "the completion");
        }
        finally
        {
            await StopAsync(listener);
        }

        Assert.Equal(new ServiceBusTestEndpoint.Disposition("ack-1", "complete", null, null), Assert.Single(endpoint["alert-acks"].Dispositions));
        Assert.True(transport.Health.IsConnected);
    }

    [Fact]
    public async Task A_transient_failure_abandons_the_message_and_its_redelivery_is_completed()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        await using var transport = new ServiceBusTransport(endpoint.Options(), NullLogger<ServiceBusTransport>.Instance);
        var handler = new RecordingHandler();
        handler.Script("evt-2", () => new InboundOutcome.Transient("store busy"), () => new InboundOutcome.Accepted());
        var listener = await StartAsync(endpoint, handler, transport);
        try
        {
            endpoint["clinical-events"].Enqueue("evt-2", """{"specversion":"1.0","id":"e2"}"""u8.ToArray(), "application/cloudevents+json");

            await Eventually.True(() => endpoint["clinical-events"].Dispositions.Count >= 2, Wait, "abandon and completion");
        }
        finally
        {
            await StopAsync(listener);
        }

        Assert.Equal(["abandon", "complete"], endpoint["clinical-events"].Dispositions.Select(d => d.Outcome));
        Assert.Equal([0, 1], handler.Events.Select(m => m.DeliveryCount));
    }

    /// <summary>A handler whose ack commit waits for the test, to see that nothing is settled before it returns.</summary>
    private sealed class CommitGate : IInboundMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Commit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<InboundOutcome> HandleClinicalEventAsync(InboundMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<InboundOutcome>(new InboundOutcome.Transient("not expected in this test"));

        public async Task<InboundOutcome> HandleAckAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Commit.Task.WaitAsync(cancellationToken);
            return new InboundOutcome.Accepted();
        }
    }
}
