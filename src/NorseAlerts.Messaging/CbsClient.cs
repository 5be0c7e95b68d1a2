using System.Globalization;
using Amqp;
using Amqp.Framing;

namespace NorseAlerts.Messaging;

/// <summary>
/// The client side of the AMQP claims-based-security node <c>$cbs</c>: a request link and a reply link on one
/// session, over which a token is put for each entity audience. Service Bus answers 202, other CBS peers 200.
/// </summary>
internal sealed class CbsClient : IAsyncDisposable
{
    /// <summary>The CBS node address.</summary>
    public const string Node = "$cbs";

    private readonly SenderLink requests;
    private readonly ReceiverLink replies;
    private readonly string replyTo;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    private CbsClient(Session session)
    {
        var suffix = Guid.NewGuid().ToString("N");
        replyTo = "cbs-reply-" + suffix;
        requests = new SenderLink(session, "cbs-sender-" + suffix, Node);
        replies = new ReceiverLink(
            session,
            "cbs-receiver-" + suffix,
            new Attach { Source = new Source { Address = Node }, Target = new Target { Address = replyTo } },
            null);
        replies.SetCredit(1, CreditMode.Auto);
    }

    /// <summary>Attaches the request and reply links on <paramref name="session"/>.</summary>
    public static CbsClient Open(Session session) => new(session);

    /// <summary>Puts <paramref name="token"/> for <paramref name="audience"/>; throws <see cref="UnauthorizedAccessException"/> when refused.</summary>
    public async Task PutTokenAsync(string audience, string token, string tokenType, DateTimeOffset expiresAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = Guid.NewGuid().ToString("N");
            var request = new Message(token)
            {
                Properties = new Properties { MessageId = id, ReplyTo = replyTo },
                ApplicationProperties = new ApplicationProperties(),
            };
            request.ApplicationProperties["operation"] = "put-token";
            request.ApplicationProperties["type"] = tokenType;
            request.ApplicationProperties["name"] = audience;
            request.ApplicationProperties["expiration"] = expiresAt.UtcDateTime;
            await requests.SendAsync(request, timeout).WaitAsync(cancellationToken).ConfigureAwait(false);

            var response = await replies.ReceiveAsync(timeout).WaitAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new TimeoutException($"no put-token response from {Node} within {timeout.TotalSeconds:0} s");
            replies.Accept(response);
            var status = Convert.ToInt32(response.ApplicationProperties?["status-code"] ?? 0, CultureInfo.InvariantCulture);
            if (status is < 200 or > 299)
            {
                var description = response.ApplicationProperties?["status-description"] as string ?? "no description";
                throw new UnauthorizedAccessException($"{Node} refused the token for {audience}: {status} {description}");
            }
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseQuietly(requests).ConfigureAwait(false);
        await CloseQuietly(replies).ConfigureAwait(false);
        oneAtATime.Dispose();
    }

    private static async Task CloseQuietly(Link link)
    {
        try
        {
            await link.CloseAsync(TimeSpan.FromSeconds(2), null).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmqpException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is going away with it; nothing to report.
        }
    }
}
