using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Messaging;

/// <summary>
/// The process's one <see cref="ServiceBusClient"/> (Azure.Messaging.ServiceBus) for an <c>Endpoint=sb://...</c> string:
/// the SDK owns the connection, its retry policy (<see cref="AmqpOptions.MaxRetries"/>, backoff between
/// <see cref="AmqpOptions.ReconnectMinDelay"/> and <see cref="AmqpOptions.ReconnectMaxDelay"/>, try timeout
/// <see cref="AmqpOptions.SendTimeout"/>) and, for managed identity, the Azure.Identity token it puts on <c>$cbs</c>.
/// It also keeps the <see cref="BrokerHealth"/> that <c>/readyz</c> reports: every send, every receive error and a
/// periodic check (<see cref="CheckAsync"/>) update it.
/// </summary>
public sealed class ServiceBusTransport : IBrokerStatus, IAsyncDisposable
{
    private readonly AmqpOptions options;
    private readonly ServiceBusConnectionString target;
    private readonly ServiceBusClient client;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private BrokerHealth health;
    private Task? monitor;

    /// <summary>Creates the client; nothing connects before the first use.</summary>
    /// <param name="options">Broker settings; the connection string must be a Service Bus string.</param>
    /// <param name="logger">Logs state changes (never keys, tokens or patient data).</param>
    /// <param name="timeProvider">Clock for health timestamps and the check interval; the system clock when null.</param>
    /// <param name="credential">Token source for <c>Authentication=ManagedIdentity</c>; <see cref="DefaultAzureCredential"/> when null.</param>
    public ServiceBusTransport(AmqpOptions options, ILogger<ServiceBusTransport> logger, TimeProvider? timeProvider = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        target = ServiceBusConnectionString.Parse(options.ConnectionString);
        var clientOptions = new ServiceBusClientOptions
        {
            TransportType = ServiceBusTransportType.AmqpTcp,
            Identifier = $"norsealerts-{Environment.MachineName}-{Environment.ProcessId}",
            RetryOptions = new ServiceBusRetryOptions
            {
                Mode = ServiceBusRetryMode.Exponential,
                MaxRetries = options.MaxRetries,
                Delay = options.ReconnectMinDelay,
                MaxDelay = options.ReconnectMaxDelay,
                TryTimeout = options.SendTimeout,
            },
        };
        if (target.Authentication == ServiceBusAuthentication.SharedAccessKey)
        {
            // The SDK reads the string itself, UseDevelopmentEmulator (plain AMQP to the endpoint's host and port) included.
            client = new ServiceBusClient(target.Value, clientOptions);
        }
        else
        {
            if (target.Port is { } port)
            {
                clientOptions.CustomEndpointAddress = new Uri($"sb://{target.FullyQualifiedNamespace}:{port}");
            }

            credential ??= new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = target.ManagedIdentityClientId });
            client = new ServiceBusClient(target.FullyQualifiedNamespace, credential, clientOptions);
        }

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

    /// <summary>
    /// Checks that the namespace can be reached and the alerts topic attached (a sender link with its
    /// max-message-size), within <see cref="AmqpOptions.SendTimeout"/>, and records the answer in <see cref="Health"/>.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.SendTimeout);
        try
        {
            using var batch = await Sender(options.Entities.Alerts).CreateMessageBatchAsync(limit.Token).ConfigureAwait(false);
            Succeeded();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(e is OperationCanceledException ? $"no answer within {options.SendTimeout.TotalSeconds:0} s" : e.Message);
        }
    }

    /// <summary>Starts the periodic <see cref="CheckAsync"/> (every <see cref="AmqpOptions.HealthCheckInterval"/>); calling it again does nothing.</summary>
    public void StartMonitoring()
    {
        lock (gate)
        {
            monitor ??= Task.Run(() => MonitorAsync(stopping.Token));
        }
    }

    /// <summary>Stops the checks and closes every link and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (monitor is not null)
        {
            await monitor.ConfigureAwait(false);
        }

        await client.DisposeAsync().ConfigureAwait(false);
        lock (gate)
        {
            health = health with { State = BrokerState.Closed, Since = time.GetUtcNow(), NextAttemptAt = null };
        }

        stopping.Dispose();
    }

    /// <summary>The sender for <paramref name="entity"/>, one per entity for the life of the process (the SDK reattaches it).</summary>
    internal ServiceBusSender Sender(string entity) => senders.GetOrAdd(entity, e => client.CreateSender(e));

    /// <summary>A peek-lock processor on <paramref name="entity"/> that settles nothing by itself.</summary>
    internal ServiceBusProcessor Processor(string entity) => client.CreateProcessor(entity, new ServiceBusProcessorOptions
    {
        ReceiveMode = ServiceBusReceiveMode.PeekLock,
        AutoCompleteMessages = false,
        MaxConcurrentCalls = 1,
        PrefetchCount = options.Prefetch,
    });

    /// <summary>Records that the namespace answered.</summary>
    internal void Succeeded() => Set(BrokerState.Connected, null);

    /// <summary>Records a failure to reach or use the namespace (the message only: it carries no key or token).</summary>
    internal void Failed(string error) => Set(BrokerState.Disconnected, error);

    private void Set(BrokerState state, string? error)
    {
        bool changed;
        lock (gate)
        {
            changed = health.State != state;
            health = new BrokerHealth(
                state,
                target.ToString(),
                changed ? time.GetUtcNow() : health.Since,
                error ?? health.LastError,
                state == BrokerState.Connected ? null : time.GetUtcNow() + options.HealthCheckInterval);
        }

        if (changed && state == BrokerState.Connected)
        {
            Logs.ServiceBusReachable(logger, target.ToString());
        }
        else if (changed)
        {
            Logs.ServiceBusUnreachable(logger, target.ToString(), error ?? "unknown");
        }
    }

    private async Task MonitorAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await CheckAsync(stop).ConfigureAwait(false);
            try
            {
                await Task.Delay(options.HealthCheckInterval, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
