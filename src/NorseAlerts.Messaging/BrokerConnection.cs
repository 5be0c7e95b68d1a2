using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;

namespace NorseAlerts.Messaging;

/// <summary>
/// The one AMQPNetLite connection of the process to a plain AMQP 1.0 broker (<c>amqp://</c>): a session shared by
/// every link, senders cached per address, and a background loop that reconnects after the broker goes away, through
/// a Polly pipeline with the shared <see cref="RetryBackoff"/> (<see cref="AmqpOptions.ReconnectBackoff"/>). Links are recreated on the new connection by their users (<see cref="AmqpAlertPublisher"/>,
/// <see cref="AmqpInboundListener"/>). Service Bus goes through Azure.Messaging.ServiceBus instead (<see cref="ServiceBusTransport"/>).
/// </summary>
public sealed class BrokerConnection : IBrokerStatus, IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly AmqpOptions options;
    private readonly AmqpConnectionString target;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly RetryBackoff backoff;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private TaskCompletionSource<Generation> ready = NewReady();
    private Generation? current;
    private Task? loop;
    private BrokerHealth health;
    private bool disposed;

    /// <summary>Creates the connection (it opens on <see cref="Start"/> or first use).</summary>
    /// <param name="options">Broker settings; <see cref="AmqpOptions.ConnectionString"/> must be set and valid.</param>
    /// <param name="logger">Logs connection state changes (never credentials or patient data).</param>
    /// <param name="timeProvider">Clock for backoff and token renewal; the system clock when null.</param>
    public BrokerConnection(AmqpOptions options, ILogger<BrokerConnection> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException($"{AmqpOptions.SectionName}:ConnectionString is not set: no broker to connect to.");
        }

        this.options = options;
        target = AmqpConnectionString.Parse(options.ConnectionString);
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        backoff = options.ReconnectBackoff;
        health = new BrokerHealth(BrokerState.NotStarted, target.ToString(), time.GetUtcNow(), null, null);
    }

    /// <inheritdoc />
    public BrokerHealth Health
    {
        get
        {
            lock (gate)
            {
                return health;
            }
        }
    }

    /// <summary>Whether links can be used now.</summary>
    public bool IsConnected => Health.IsConnected;

    /// <summary>Starts the connect loop; calling it again does nothing.</summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            loop ??= Task.Run(() => RunAsync(stopping.Token));
        }
    }

    /// <summary>Waits until the connection is open and authorized, or throws <see cref="BrokerUnavailableException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _ = await CurrentAsync(timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Closes every link and the connection and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            running = loop;
        }

        // Cancelled outside the lock: cancellation runs the loop's continuations, which take the lock themselves.
        await stopping.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }

        SetHealth(BrokerState.Closed, Health.LastError, null);
        stopping.Dispose();
    }

    /// <summary>A sender on the current connection for <paramref name="address"/>, reused while it stays attached.</summary>
    internal async Task<SenderLink> GetSenderAsync(string address, CancellationToken cancellationToken)
    {
        var generation = await CurrentAsync(options.ConnectWaitTimeout, cancellationToken).ConfigureAwait(false);
        return generation.Sender(address);
    }

    /// <summary>Drops a sender that failed so that the next publish attaches a fresh one.</summary>
    internal void Discard(string address, SenderLink sender)
    {
        lock (gate)
        {
            current?.Forget(address, sender);
        }

        _ = CloseQuietlyAsync(sender);
    }

    /// <summary>A new receiver on the current connection, waiting for a connection as long as it takes.</summary>
    internal async Task<ReceiverLink> OpenReceiverAsync(string address, string name, int credit, CancellationToken cancellationToken)
    {
        var generation = await CurrentAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        var receiver = new ReceiverLink(generation.Session, name, address);
        receiver.SetCredit(credit, CreditMode.Auto);
        return receiver;
    }

    /// <summary>Closes an AMQP object without letting a failure of the close itself escape.</summary>
    internal static async Task CloseQuietlyAsync(AmqpObject amqpObject)
    {
        try
        {
            await amqpObject.CloseAsync(TimeSpan.FromSeconds(2), null).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmqpException or TimeoutException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // Closing something already broken; the broker frees it on its side.
        }
    }

    private async Task<Generation> CurrentAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Start();
        Task<Generation> next;
        lock (gate)
        {
            if (current is { IsOpen: true } open)
            {
                return open;
            }

            next = ready.Task;
        }

        try
        {
            return await next.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var h = Health;
            throw new BrokerUnavailableException($"broker {h.Endpoint} is not connected ({h.State}): {h.LastError ?? "no error recorded"}", e);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        // Failed connects are retried by the pipeline, each after the backoff of its attempt. An open connection that is
        // lost waits before the next round too: the first delay after a connection that lasted, and a growing one after
        // each connection in a row that was lost within the longest delay (a broker that accepts and drops at once, as
        // RabbitMQ does when a link names a queue it does not have), so such a broker is not hammered.
        var reconnect = backoff.Pipeline(time, e => e is not OutOfMemoryException && !(e is OperationCanceledException && stop.IsCancellationRequested), ConnectFailedAsync);
        var lostInARow = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var (connection, lost) = await reconnect.ExecuteAsync(ConnectAsync, stop).ConfigureAwait(false);
                var connectedAt = time.GetUtcNow();
                try
                {
                    var reason = await lost.WaitAsync(stop).ConfigureAwait(false);
                    Withdraw(reason);
                    Logs.BrokerLost(logger, target.ToString(), reason);
                }
                finally
                {
                    await CloseQuietlyAsync(connection).ConfigureAwait(false);
                }

                lostInARow = time.GetUtcNow() - connectedAt < backoff.Longest ? lostInARow + 1 : 1;
                var pause = backoff.DelayAfter(lostInARow - 1);
                SetHealth(BrokerState.Disconnected, Health.LastError, time.GetUtcNow() + pause);
                await Task.Delay(pause, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        Withdraw(null);
    }

    /// <summary>One connect attempt: opens the connection and its session and publishes them; the task says when it is lost.</summary>
    private async ValueTask<(Connection Connection, Task<string> Lost)> ConnectAsync(CancellationToken stop)
    {
        SetHealth(BrokerState.Connecting, Health.LastError, null);
        var connection = await OpenAsync(stop).ConfigureAwait(false);
        try
        {
            var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.AddClosedCallback((_, error) => lost.TrySetResult(Describe(error, "connection closed by the broker")));
            var session = new Session(connection);
            session.AddClosedCallback((_, error) => lost.TrySetResult(Describe(error, "session ended by the broker")));
            Publish(new Generation(connection, session));
            Logs.BrokerConnected(logger, target.ToString());
            return (connection, lost.Task);
        }
        catch
        {
            await CloseQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private ValueTask ConnectFailedAsync(Exception error, TimeSpan retryIn)
    {
        Withdraw(error.Message);
        Logs.BrokerConnectFailed(logger, target.ToString(), error.Message);
        SetHealth(BrokerState.Disconnected, Health.LastError, time.GetUtcNow() + retryIn);
        return ValueTask.CompletedTask;
    }

    private async Task<Connection> OpenAsync(CancellationToken stop)
    {
        var factory = new ConnectionFactory();
        factory.AMQP.ContainerId = $"norsealerts-{Environment.MachineName}-{Environment.ProcessId}";
        factory.AMQP.IdleTimeout = 60_000;
        var plain = target.Authentication == AmqpAuthentication.UserPassword;
        if (!plain)
        {
            factory.SASL.Profile = SaslProfile.Anonymous;
        }

        var address = new Address(
            target.Host,
            target.Port,
            plain ? target.UserName : null,
            plain ? target.Password : null,
            "/",
            target.UseTls ? "AMQPS" : "AMQP");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            return await factory.CreateAsync(address, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            throw new TimeoutException($"no connection to {target} within {ConnectTimeout.TotalSeconds:0} s");
        }
    }

    private void Publish(Generation generation)
    {
        lock (gate)
        {
            current = generation;
            ready.TrySetResult(generation);
            health = new BrokerHealth(BrokerState.Connected, target.ToString(), time.GetUtcNow(), health.LastError, null);
        }
    }

    private void Withdraw(string? reason)
    {
        lock (gate)
        {
            current = null;
            if (ready.Task.IsCompleted)
            {
                ready = NewReady();
            }

            if (reason is not null)
            {
                health = new BrokerHealth(BrokerState.Disconnected, target.ToString(), time.GetUtcNow(), reason, null);
            }
        }
    }

    private void SetHealth(BrokerState state, string? lastError, DateTimeOffset? nextAttempt)
    {
        lock (gate)
        {
            var since = health.State == state ? health.Since : time.GetUtcNow();
            health = new BrokerHealth(state, target.ToString(), since, lastError, nextAttempt);
        }
    }

    private static string Describe(Error? error, string fallback) =>
        error is null ? fallback : $"{error.Condition}: {error.Description ?? fallback}";

    private static TaskCompletionSource<Generation> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One open connection with its session and the senders attached on it.</summary>
    private sealed class Generation(Connection connection, Session session)
    {
        private readonly ConcurrentDictionary<string, SenderLink> senders = new(StringComparer.Ordinal);

        public Session Session => session;

        public bool IsOpen => !connection.IsClosed && !session.IsClosed;

        public SenderLink Sender(string address)
        {
            while (true)
            {
                var link = senders.GetOrAdd(address, a => new SenderLink(session, $"norsealerts-send-{Guid.NewGuid():N}", a));
                if (!link.IsClosed)
                {
                    return link;
                }

                Forget(address, link);
            }
        }

        public void Forget(string address, SenderLink link) =>
            senders.TryRemove(new KeyValuePair<string, SenderLink>(address, link));
    }
}
