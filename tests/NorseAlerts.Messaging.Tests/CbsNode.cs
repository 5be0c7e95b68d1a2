using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace NorseAlerts.Messaging.Tests;

/// <summary>
/// An in-process AMQP peer (AMQPNetLite's ContainerHost) playing Service Bus: SASL ANONYMOUS, a <c>$cbs</c> node that
/// records put-token requests and answers with <see cref="StatusCode"/>, and an entity that accepts pages.
/// </summary>
internal sealed class CbsNode : IDisposable
{
    private readonly ContainerHost host;

    public CbsNode(string entity)
    {
        Port = FreePort();
        host = new ContainerHost(new Address($"amqp://127.0.0.1:{Port}"));
        host.Listeners[0].SASL.EnableAnonymousMechanism = true;
        host.RegisterRequestProcessor("$cbs", new TokenProcessor(this));
        host.RegisterMessageProcessor(entity, new PageSink(this));
        host.Open();
    }

    public sealed record PutToken(string? Operation, string? Type, string? Name, string Token, DateTime? Expiration);

    public int Port { get; }

    public int StatusCode { get; set; } = 200;

    public ConcurrentQueue<PutToken> Requests { get; } = new();

    /// <summary>Put-token requests that had arrived when each page arrived.</summary>
    public ConcurrentQueue<(Message Page, int TokensBefore)> Pages { get; } = new();

    public void Dispose() => host.Close();

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class TokenProcessor(CbsNode node) : IRequestProcessor
    {
        public int Credit => 10;

        public void Process(RequestContext requestContext)
        {
            var request = requestContext.Message;
            var properties = request.ApplicationProperties;
            node.Requests.Enqueue(new PutToken(
                properties["operation"] as string,
                properties["type"] as string,
                properties["name"] as string,
                (string)request.Body,
                properties["expiration"] as DateTime?));
            var response = new Message { ApplicationProperties = new ApplicationProperties() };
            response.ApplicationProperties["status-code"] = node.StatusCode;
            response.ApplicationProperties["status-description"] = node.StatusCode == 200 ? "OK" : "Unauthorized: token audience mismatch";
            requestContext.Complete(response);
        }
    }

    private sealed class PageSink(CbsNode node) : IMessageProcessor
    {
        public int Credit => 10;

        public void Process(MessageContext messageContext)
        {
            node.Pages.Enqueue((messageContext.Message, node.Requests.Count));
            messageContext.Complete();
        }
    }
}
