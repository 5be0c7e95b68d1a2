using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Amqp.Handler;
using Amqp.Listener;
using Amqp.Types;

namespace NorseAlerts.Messaging.Tests.ServiceBus;

/// <summary>
/// TEST FIXTURE, not a broker: an in-process AMQP 1.0 endpoint on AMQPNetLite's <see cref="ContainerHost"/> that
/// speaks just the part of the Service Bus handshake that Azure.Messaging.ServiceBus 7.21.0 needs, so the real SDK
/// can be tested at the wire where no Service Bus (or emulator) runs. What the SDK requires, and this plays:
/// <list type="bullet">
/// <item>SASL mechanism <c>MSSBCBS</c> (the SDK refuses an endpoint offering only ANONYMOUS or PLAIN);</item>
/// <item>a <c>$cbs</c> node answering each <c>put-token</c> with <c>status-code</c> 202 (recorded in <see cref="Tokens"/>);</item>
/// <item>a <c>max-message-size</c> in the attach reply of a sender link (without it the SDK will not send);</item>
/// <item>16-byte delivery tags on messages it hands out (the SDK's lock token is the delivery tag), with
/// <c>x-opt-locked-until</c> so the SDK does not try to renew the lock.</item>
/// </list>
/// Entities are created on first attach, named without the leading <c>/</c>. Messages sent to an entity are accepted
/// and recorded (<see cref="Entity.Received"/>); messages enqueued with <see cref="Entity.Enqueue"/> go to its receivers,
/// and their dispositions are recorded (<see cref="Entity.Dispositions"/>): complete = accepted, dead-letter = rejected
/// with <c>DeadLetterReason</c>/<c>DeadLetterErrorDescription</c>, abandon = modified (the message is handed out again).
/// TLS is optional (a self-signed certificate, trusted only while the endpoint lives). There is no real authorization, no sessions, no duplicate detection and no <c>$management</c> node.
/// </summary>
internal sealed partial class ServiceBusTestEndpoint : IDisposable
{
    /// <summary>The SASL mechanism of Service Bus's claims-based security.</summary>
    public const string CbsMechanism = "MSSBCBS";

    /// <summary>The max-message-size the endpoint announces on sender attaches (Service Bus standard tier: 256 KiB).</summary>
    public const ulong MaxMessageSize = 256 * 1024;

    /// <summary>The lock token of each message handed out; the wire handler makes it the delivery tag.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Message, object> LockTokens = [];

    private readonly ContainerHost host;
    private readonly ConcurrentDictionary<string, Entity> entities = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Connection> connections = [];

    private readonly TrustedCertificate? certificate;

    /// <summary>Opens the endpoint on a free loopback port.</summary>
    /// <param name="tls">
    /// Whether to speak TLS, with a self-signed certificate for 127.0.0.1 that is trusted for the current user while the
    /// endpoint lives: the SDK sends managed-identity tokens over TLS only.
    /// </param>
    public ServiceBusTestEndpoint(bool tls = false)
    {
        Port = LocalPorts.Free();
        if (tls)
        {
            certificate = new TrustedCertificate();
            host = new ContainerHost([new Address($"amqps://127.0.0.1:{Port}")], certificate.Certificate);
        }
        else
        {
            host = new ContainerHost(new Address($"amqp://127.0.0.1:{Port}"));
        }

        var listener = host.Listeners[0];
        listener.SASL.EnableMechanism(new Symbol(CbsMechanism), new CbsSaslProfile());
        listener.HandlerFactory = _ => new WireHandler(this);
        host.RegisterRequestProcessor("$cbs", new TokenNode(this));
        host.RegisterLinkProcessor(new EntityLinks(this));
        host.Open();
    }

    /// <summary>A put-token request as the endpoint received it.</summary>
    public sealed record PutToken(string? Operation, string? Type, string? Audience, string Token, DateTime? Expiration);

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string for the SDK with a shared access key, over plain AMQP (the emulator switch).</summary>
    public string SharedAccessKeyConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=norsealerts;SharedAccessKey=test-key;UseDevelopmentEmulator=true";

    /// <summary>A connection string for managed identity (needs an endpoint opened with TLS).</summary>
    public string ManagedIdentityConnectionString => $"Endpoint=sb://127.0.0.1:{Port};Authentication=ManagedIdentity";

    /// <summary>Settings for the code under test against this endpoint, with the SDK's retries small so tests stay fast.</summary>
    public AmqpOptions Options(string? connectionString = null) => new()
    {
        ConnectionString = connectionString ?? SharedAccessKeyConnectionString,
        MaxRetries = 2,
        SendTimeout = TimeSpan.FromSeconds(2),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        ReleaseDelay = TimeSpan.FromMilliseconds(50),
        HealthCheckInterval = TimeSpan.FromSeconds(1),
        Prefetch = 0,
    };

    /// <summary>Every put-token request received on <c>$cbs</c>, in order.</summary>
    public ConcurrentQueue<PutToken> Tokens { get; } = new();

    /// <summary>How many AMQP connections were opened to the endpoint.</summary>
    public int ConnectionsOpened => connections.Count;

    /// <summary>When set, the next message sent to an entity is recorded but left unsettled and its connection is dropped.</summary>
    public bool DropConnectionOnNextMessage { get; set; }

    /// <summary>The entity <paramref name="name"/> (created when missing).</summary>
    public Entity this[string name] => entities.GetOrAdd(Normalize(name), n => new Entity(n));

    public void Dispose()
    {
        host.Close();
        certificate?.Dispose();
    }

    private static string Normalize(string? address) => (address ?? "").TrimStart('/');

    /// <summary>Frame-level adjustments the SDK relies on and ContainerHost does not make by itself.</summary>
    private sealed class WireHandler(ServiceBusTestEndpoint endpoint) : IHandler
    {
        public bool CanHandle(EventId id) => id is EventId.LinkLocalOpen or EventId.SendDelivery or EventId.ConnectionRemoteOpen;

        public void Handle(Event protocolEvent)
        {
            switch (protocolEvent.Id)
            {
                case EventId.ConnectionRemoteOpen:
                    endpoint.connections.Add(protocolEvent.Connection);
                    break;
                case EventId.LinkLocalOpen when protocolEvent.Context is Attach { Role: true } attach:
                    // Our side receives: this answers the SDK's sender, which will not send without a max-message-size.
                    attach.MaxMessageSize = MaxMessageSize;
                    break;
                case EventId.SendDelivery when protocolEvent.Context is IDelivery delivery && LockTokenOf(delivery.Message) is { } lockToken:
                    delivery.Tag = lockToken.ToByteArray();
                    break;
            }
        }
    }

    private static Guid? LockTokenOf(Message? message) =>
        message is not null && LockTokens.TryGetValue(message, out var token) ? (Guid)token : null;

    /// <summary>The server side of SASL <c>MSSBCBS</c>: no credentials in SASL, authorization follows on <c>$cbs</c>.</summary>
    private sealed class CbsSaslProfile() : Amqp.Sasl.SaslProfile(new Symbol(CbsMechanism))
    {
        protected override ITransport UpgradeTransport(ITransport transport) => transport;

        protected override DescribedList GetStartCommand(string hostname) => new Amqp.Sasl.SaslInit { Mechanism = Mechanism };

        protected override DescribedList OnCommand(DescribedList command) =>
            command is Amqp.Sasl.SaslInit ? new Amqp.Sasl.SaslOutcome { Code = Amqp.Sasl.SaslCode.Ok } : null!;
    }

    /// <summary>The <c>$cbs</c> node: records each put-token and answers 202 Accepted, as Service Bus does.</summary>
    private sealed class TokenNode(ServiceBusTestEndpoint endpoint) : IRequestProcessor
    {
        public int Credit => 10;

        public void Process(RequestContext requestContext)
        {
            var request = requestContext.Message;
            var properties = request.ApplicationProperties;
            endpoint.Tokens.Enqueue(new PutToken(
                properties["operation"] as string,
                properties["type"] as string,
                properties["name"] as string,
                request.Body as string ?? "",
                properties["expiration"] as DateTime?));
            var response = new Message { ApplicationProperties = new ApplicationProperties() };
            response.ApplicationProperties["status-code"] = 202;
            response.ApplicationProperties["status-description"] = "Accepted";
            requestContext.Complete(response);
        }
    }

    /// <summary>Attaches to entities: the SDK's senders get a sink, its receivers a source over the entity's queue.</summary>
    private sealed class EntityLinks(ServiceBusTestEndpoint endpoint) : ILinkProcessor
    {
        public void Process(AttachContext attachContext)
        {
            var attach = attachContext.Attach;
            if (attach.Role)
            {
                // The peer receives from us: hand out the entity's messages.
                var entity = endpoint[((Source)attach.Source).Address];
                attachContext.Complete(new EntitySource(entity, attachContext.Link), 0);
            }
            else
            {
                var entity = endpoint[((Target)attach.Target).Address];
                attachContext.Complete(new EntitySink(endpoint, entity), 100);
            }
        }
    }

    /// <summary>Accepts and records what the SDK sends, or drops the connection once when told to.</summary>
    private sealed class EntitySink(ServiceBusTestEndpoint endpoint, Entity entity) : LinkEndpoint
    {
        public override void OnMessage(MessageContext messageContext)
        {
            entity.Received.Enqueue(messageContext.Message);
            if (endpoint.DropConnectionOnNextMessage)
            {
                endpoint.DropConnectionOnNextMessage = false;
                var connection = messageContext.Link.Session.Connection;
                _ = Task.Run(() => connection.CloseAsync(TimeSpan.Zero, new Error(ErrorCode.ConnectionForced) { Description = "dropped by the test" }));
                return;
            }

            entity.Settled.Enqueue(messageContext.Message);
            messageContext.Complete();
        }

        public override void OnFlow(FlowContext flowContext)
        {
        }

        public override void OnDisposition(DispositionContext dispositionContext)
        {
        }
    }

    /// <summary>Sends the entity's queued messages as the receiver grants credit; records and settles its dispositions.</summary>
    internal sealed class EntitySource : LinkEndpoint
    {
        private readonly Entity entity;
        private readonly ListenerLink link;

        public EntitySource(Entity entity, ListenerLink link)
        {
            this.entity = entity;
            this.link = link;
            entity.Attach(this);
        }

        public override void OnMessage(MessageContext messageContext)
        {
        }

        public override void OnFlow(FlowContext flowContext) => entity.Grant(this, flowContext.Messages);

        public override void OnDisposition(DispositionContext dispositionContext)
        {
            var message = dispositionContext.Message;
            entity.Disposed(message, dispositionContext.DeliveryState);

            // Service Bus confirms a disposition by settling it accepted; the SDK reads a rejected echo as a failure.
            link.DisposeMessage(message, new Accepted(), true);
        }

        public override void OnLinkClosed(ListenerLink link, Error error) => entity.Detach(this);

        public void Send(Message message) => link.SendMessage(message);
    }
}
