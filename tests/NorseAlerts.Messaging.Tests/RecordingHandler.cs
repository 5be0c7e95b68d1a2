using System.Collections.Concurrent;

namespace NorseAlerts.Messaging.Tests;

/// <summary>
/// The host's handler played by the test: records what it was given and answers with scripted outcomes per
/// message id (in order; the last one repeats). Unscripted messages (leftovers of other runs) are accepted.
/// </summary>
internal sealed class RecordingHandler : IInboundMessageHandler
{
    private readonly ConcurrentDictionary<string, Queue<Func<InboundOutcome>>> scripts = new();

    public ConcurrentQueue<InboundMessage> Events { get; } = new();

    public ConcurrentQueue<InboundMessage> Acks { get; } = new();

    public void Script(string messageId, params Func<InboundOutcome>[] outcomes) => scripts[messageId] = new Queue<Func<InboundOutcome>>(outcomes);

    public Task<InboundOutcome> HandleClinicalEventAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Events.Enqueue(message);
        return Task.FromResult(Next(message));
    }

    public Task<InboundOutcome> HandleAckAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Acks.Enqueue(message);
        return Task.FromResult(Next(message));
    }

    private InboundOutcome Next(InboundMessage message)
    {
        if (message.MessageId is null || !scripts.TryGetValue(message.MessageId, out var script))
        {
            return new InboundOutcome.Accepted();
        }

        lock (script)
        {
            var next = script.Count > 1 ? script.Dequeue() : script.Peek();
            return next();
        }
    }
}
