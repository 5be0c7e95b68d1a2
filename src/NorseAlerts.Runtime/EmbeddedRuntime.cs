using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>
/// The embedded runtime wired without a DI container: the store, the writer, the engine, the read side, the
/// scheduler and the outbox dispatcher over one data directory. Tools and tests use it; the Host registers
/// the same pieces with <see cref="RuntimeServiceCollectionExtensions.AddNorseAlertsRuntime"/>.
/// </summary>
public sealed class EmbeddedRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private bool started;

    /// <summary>Opens (migrating) the database under <paramref name="options"/>' data directory and wires the runtime.</summary>
    public EmbeddedRuntime(RuntimeOptions options, CasePathway pathway, IAlertPublisher? publisher, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Pathway = pathway ?? throw new ArgumentNullException(nameof(pathway));
        Database = new Database(options);
        Writer = new Writer(Database, time, options, loggers.CreateLogger<Writer>());
        Engine = new CaseEngine(pathway, Writer, loggers.CreateLogger<CaseEngine>());
        Queries = new CaseQueries(Database);
        Scheduler = new DeadlineScheduler(Database, Writer, Engine, time, options, loggers.CreateLogger<DeadlineScheduler>());
        Publisher = publisher ?? new LoggingAlertPublisher(loggers.CreateLogger<LoggingAlertPublisher>());
        Dispatcher = new OutboxDispatcher(Database, Writer, Publisher, time, options, loggers.CreateLogger<OutboxDispatcher>());
        HeldQueries = new HeldEventQueries(Database, options);
        HeldExpiry = new HeldEventExpiry(HeldQueries, Writer, time, options, loggers.CreateLogger<HeldEventExpiry>());
        Watchdog = new RuntimeWatchdog(Database, Scheduler, Dispatcher, Engine, time, options, loggers.CreateLogger<RuntimeWatchdog>());
    }

    /// <summary>The settings it runs with.</summary>
    public RuntimeOptions Options { get; }

    /// <summary>The pathway it decides with.</summary>
    public CasePathway Pathway { get; }

    /// <summary>The SQLite store.</summary>
    public Database Database { get; }

    /// <summary>The single writer.</summary>
    public Writer Writer { get; }

    /// <summary>Ingest, acknowledgement and timer entry points.</summary>
    public CaseEngine Engine { get; }

    /// <summary>The read side.</summary>
    public CaseQueries Queries { get; }

    /// <summary>Where pages go.</summary>
    public IAlertPublisher Publisher { get; }

    /// <summary>The deadline scheduler (started by <see cref="StartAsync"/>).</summary>
    public DeadlineScheduler Scheduler { get; }

    /// <summary>The outbox dispatcher (started by <see cref="StartAsync"/>).</summary>
    public OutboxDispatcher Dispatcher { get; }

    /// <summary>Events held for patients with no case.</summary>
    public HeldEventQueries HeldQueries { get; }

    /// <summary>Drops held events past their expiry (started by <see cref="StartAsync"/>).</summary>
    public HeldEventExpiry HeldExpiry { get; }

    /// <summary>The watchdog over the scheduler and the dispatcher (started by <see cref="StartAsync"/> unless told not to).</summary>
    public RuntimeWatchdog Watchdog { get; }

    /// <summary>Starts the scheduler, the outbox dispatcher and (unless <paramref name="watchdog"/> is false) the watchdog, as the Host does at start.</summary>
    public async Task StartAsync(bool watchdog = true)
    {
        started = true;
        await Scheduler.StartAsync(stop.Token).ConfigureAwait(false);
        await Dispatcher.StartAsync(stop.Token).ConfigureAwait(false);
        await HeldExpiry.StartAsync(stop.Token).ConfigureAwait(false);
        if (watchdog)
        {
            await Watchdog.StartAsync(stop.Token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Scheduler.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await Dispatcher.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await HeldExpiry.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await Watchdog.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Watchdog.Dispose();
        Scheduler.Dispose();
        Dispatcher.Dispose();
        HeldExpiry.Dispose();
        await Writer.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
