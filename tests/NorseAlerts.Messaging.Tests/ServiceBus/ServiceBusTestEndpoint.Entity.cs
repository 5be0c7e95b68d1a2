using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace NorseAlerts.Messaging.Tests.ServiceBus;

internal sealed partial class ServiceBusTestEndpoint
{
    /// <summary>What a receiver did with a message it was handed.</summary>
    /// <param name="MessageId">The message's id.</param>
    /// <param name="Outcome"><c>complete</c>, <c>dead-letter</c> or <c>abandon</c>.</param>
    /// <param name="DeadLetterReason">The dead-letter reason, for a dead-letter.</param>
    /// <param name="DeadLetterDescription">The dead-letter description, for a dead-letter.</param>
    public sealed record Disposition(string? MessageId, string Outcome, string? DeadLetterReason, string? DeadLetterDescription);

    /// <summary>A queue or topic of the fixture.</summary>
    public sealed class Entity(string name)
    {
        private readonly Lock gate = new();
        private readonly Queue<Message> pending = new();
        private readonly Dictionary<EntitySource, int> credit = [];
        private long sequence;

        /// <summary>The entity's name.</summary>
        public string Name => name;

        /// <summary>Every transfer the SDK sent to the entity, including attempts lost with a dropped connection.</summary>
        public ConcurrentQueue<Message> Received { get; } = new();

        /// <summary>Transfers the entity accepted.</summary>
        public ConcurrentQueue<Message> Settled { get; } = new();

        /// <summary>Dispositions of the messages it handed out, in order.</summary>
        public ConcurrentQueue<Disposition> Dispositions { get; } = new();

        /// <summary>Queues a message for the entity's receivers, as if a sender had put it there.</summary>
        public void Enqueue(string messageId, byte[] body, string contentType, int deliveryCount = 0)
        {
            var message = new Message
            {
                Header = new Header { DeliveryCount = (uint)deliveryCount },
                Properties = new Properties { MessageId = messageId, ContentType = new Symbol(contentType) },
                BodySection = new Data { Binary = body },
                ApplicationProperties = new ApplicationProperties(),
            };
            lock (gate)
            {
                pending.Enqueue(message);
            }

            Pump();
        }

        internal void Attach(EntitySource source)
        {
            lock (gate)
            {
                credit[source] = 0;
            }
        }

        internal void Detach(EntitySource source)
        {
            lock (gate)
            {
                credit.Remove(source);
            }
        }

        internal void Grant(EntitySource source, int messages)
        {
            lock (gate)
            {
                if (credit.TryGetValue(source, out var had))
                {
                    credit[source] = Math.Max(0, had + messages);
                }
            }

            Pump();
        }

        internal void Disposed(Message message, DeliveryState state)
        {
            var id = message.Properties?.MessageId;
            switch (state)
            {
                case Accepted:
                    Dispositions.Enqueue(new Disposition(id, "complete", null, null));
                    break;
                case Rejected rejected:
                    var info = rejected.Error?.Info;
                    Dispositions.Enqueue(new Disposition(
                        id,
                        "dead-letter",
                        info?[new Symbol("DeadLetterReason")] as string,
                        info?[new Symbol("DeadLetterErrorDescription")] as string));
                    break;
                default:
                    // Modified (abandon) or released: the message goes back to the queue with one more delivery.
                    Dispositions.Enqueue(new Disposition(id, "abandon", null, null));
                    Enqueue(id ?? "", ((Data)message.BodySection).Binary, message.Properties?.ContentType ?? "", (int)(message.Header?.DeliveryCount ?? 0) + 1);
                    break;
            }
        }

        private void Pump()
        {
            while (true)
            {
                EntitySource? to = null;
                Message? next = null;
                lock (gate)
                {
                    if (pending.Count == 0)
                    {
                        return;
                    }

                    foreach (var (source, left) in credit)
                    {
                        if (left > 0)
                        {
                            to = source;
                            credit[source] = left - 1;
                            break;
                        }
                    }

                    if (to is null)
                    {
                        return;
                    }

                    next = pending.Dequeue();
                }

                to.Send(Lock(next));
            }
        }

        /// <summary>A fresh copy with a new lock, the annotations Service Bus puts on a delivery in peek-lock mode.</summary>
        private Message Lock(Message message)
        {
            var now = DateTime.UtcNow;
            var locked = new Message
            {
                Header = message.Header,
                Properties = message.Properties,
                BodySection = message.BodySection,
                ApplicationProperties = message.ApplicationProperties,
                MessageAnnotations = new MessageAnnotations
                {
                    [new Symbol("x-opt-locked-until")] = now.AddMinutes(10),
                    [new Symbol("x-opt-sequence-number")] = Interlocked.Increment(ref sequence),
                    [new Symbol("x-opt-enqueued-time")] = now,
                },
            };
            LockTokens.Add(locked, Guid.NewGuid());
            return locked;
        }
    }
}
