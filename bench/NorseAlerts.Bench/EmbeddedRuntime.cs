using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Bench;

/// <summary>
/// The runtime pieces the Host wires with DI (database, writer, engine, scheduler, outbox dispatcher),
/// wired by hand over a data directory and the real clock, with logging off so the figures measure the
/// runtime rather than a console (warnings and errors still go to stderr).
/// </summary>
internal sealed class EmbeddedRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private bool started;

    /// <summary>Opens (migrating) the database under <paramref name="dataDirectory"/> and wires the runtime.</summary>
    public EmbeddedRuntime(string dataDirectory, IAlertPublisher? publisher = null)
    {
        Options = new RuntimeOptions { DataDirectory = dataDirectory };
        Database = new Database(Options);
        Writer = new Writer(Database, TimeProvider.System, Options, new ConsoleErrorLogger<Writer>());
        Pathway = new Pathway.Pathway(new ProtocolCatalog(), new PathwayOptions());
        Engine = new CaseEngine(Pathway, Writer, new ConsoleErrorLogger<CaseEngine>());
        Queries = new CaseQueries(Database);
        Scheduler = new DeadlineScheduler(Database, Writer, Engine, TimeProvider.System, Options, new ConsoleErrorLogger<DeadlineScheduler>());
        Dispatcher = new OutboxDispatcher(Database, Writer, publisher ?? new LoggingAlertPublisher(NullLogger<LoggingAlertPublisher>.Instance), TimeProvider.System, Options, new ConsoleErrorLogger<OutboxDispatcher>());
    }

    public RuntimeOptions Options { get; }

    public Database Database { get; }

    public Writer Writer { get; }

    public Pathway.Pathway Pathway { get; }

    public CaseEngine Engine { get; }

    public CaseQueries Queries { get; }

    public DeadlineScheduler Scheduler { get; }

    public OutboxDispatcher Dispatcher { get; }

    /// <summary>Starts the scheduler and the outbox dispatcher, as the Host does.</summary>
    public async Task StartAsync()
    {
        started = true;
        await Scheduler.StartAsync(stop.Token);
        await Dispatcher.StartAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            await stop.CancelAsync();
            await Scheduler.StopAsync(CancellationToken.None);
            await Dispatcher.StopAsync(CancellationToken.None);
        }

        Scheduler.Dispose();
        Dispatcher.Dispose();
        await Writer.DisposeAsync();
        stop.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>A new empty data directory under the temp folder.</summary>
    public static string NewDataDirectory(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"norse-bench-{purpose}-{Guid.NewGuid():N}");

    /// <summary>Removes a data directory made by <see cref="NewDataDirectory"/>.</summary>
    public static void Delete(string dataDirectory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Size of the database file and its WAL, in MB.</summary>
    public static double SizeMb(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory).Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;
}
