using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// Copies committed pages from the write-ahead log into the database file on a thread of its own, so that the
/// writer's commits do not wait for it.
/// </summary>
/// <remarks>
/// <para>
/// By default SQLite checkpoints inside the commit that brings the log to 1,000 pages: that commit, and every caller
/// of its batch, waits while the pages are copied and the database file is synced. Under load that was the writer's
/// largest cost after the commit's own sync. Here the writer's connection checkpoints only when the log has grown to
/// <see cref="RuntimeOptions.WalCheckpointCap"/> pages (the safety net while this thread falls behind), and this
/// thread runs a passive checkpoint after commits, at most once per <see cref="RuntimeOptions.WalCheckpointPause"/>.
/// </para>
/// <para>
/// A passive checkpoint never blocks the writer and never waits for readers. It changes nothing a reader sees and
/// nothing a crash could lose: a committed page is durable in the log, and SQLite copies it again from the log after
/// a crash. A checkpoint that fails (the database file read-only or full) is logged and tried again after the next
/// commit; the commits themselves go on into the log.
/// </para>
/// </remarks>
public sealed class WalCheckpointer : IDisposable
{
    private readonly Database database;
    private readonly RuntimeOptions options;
    private readonly ILogger logger;
    private readonly ManualResetEventSlim committed = new(false);
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread thread;
    private SqliteConnection? connection;
    private string? lastFailure;

    /// <summary>Starts the checkpoint thread over <paramref name="database"/>.</summary>
    public WalCheckpointer(Database database, RuntimeOptions options, ILogger logger)
    {
        this.database = database ?? throw new ArgumentNullException(nameof(database));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        thread = new Thread(Loop) { IsBackground = true, Name = "NorseAlerts WAL checkpoint" };
        thread.Start();
    }

    /// <summary>Why the last checkpoint failed; null once one succeeds again.</summary>
    public string? LastFailure => Volatile.Read(ref lastFailure);

    /// <summary>
    /// Leaves the checkpoints of <paramref name="writer"/>, the connection that commits, to this thread: it checkpoints
    /// inside its own commits only once the log reaches <see cref="RuntimeOptions.WalCheckpointCap"/> pages.
    /// </summary>
    public void TakeOver(SqliteConnection writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var cmd = writer.CreateCommand();
        cmd.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint={options.WalCheckpointCap}");
        cmd.ExecuteNonQuery();
    }

    /// <summary>Called by the writer after each commit: a checkpoint runs soon after, on this thread.</summary>
    public void Committed() => committed.Set();

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Cancel();
        thread.Join();
        connection?.Dispose();
        committed.Dispose();
        stopping.Dispose();
    }

    private void Loop()
    {
        var token = stopping.Token;
        try
        {
            while (true)
            {
                committed.Wait(token);
                committed.Reset();
                Checkpoint();

                // Commits during the pause are taken by the next checkpoint: one per pause at most.
                if (token.WaitHandle.WaitOne(options.WalCheckpointPause))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Checkpoint()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            connection ??= database.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using (var reader = cmd.ExecuteReader())
            {
                // (busy, pages in the log, pages copied): nothing to check; a busy answer means another checkpoint runs.
                while (reader.Read())
                {
                }
            }

            RuntimeTelemetry.Checkpoints.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (Interlocked.Exchange(ref lastFailure, null) is not null)
            {
                Logs.CheckpointRecovered(logger);
            }
        }
        catch (Exception ex)
        {
            // Whatever it is, this thread goes on: an exception escaping it would end the process.
            RuntimeTelemetry.CheckpointFailures.Add(1);
            if (Interlocked.Exchange(ref lastFailure, ex.Message) is null)
            {
                Logs.CheckpointFailed(logger, ex.GetType().Name, ex.Message);
            }

            // A handle opened while the file was unwritable may stay so: open a fresh one next time.
            if (connection is not null)
            {
                Database.Discard(connection);
                connection = null;
            }
        }
    }
}
