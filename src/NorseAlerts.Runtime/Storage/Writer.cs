using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The single writer. Work items queue on a channel; the writer takes as many as are waiting, runs each
/// inside its own savepoint of one transaction and commits them together (group commit): one fsync is
/// shared by every concurrent request, and a caller's task completes only after its work is durable.
/// A work item that throws rolls back to its savepoint alone and fails only its own caller.
/// </summary>
public sealed class Writer : IAsyncDisposable
{
    private readonly Channel<IWork> channel = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Database database;
    private readonly TimeProvider time;
    private readonly RuntimeOptions options;
    private readonly ILogger logger;
    private readonly Task loop;

    /// <summary>Starts the writer loop.</summary>
    public Writer(Database database, TimeProvider time, RuntimeOptions options, ILogger<Writer> logger)
    {
        this.database = database;
        this.time = time;
        this.options = options;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Raised after a commit that added pages.</summary>
    public event Action? PagesCommitted;

    /// <summary>Raised after a commit that wrote timers, with the earliest due time written.</summary>
    public event Action<DateTimeOffset>? TimersCommitted;

    /// <summary>Runs <paramref name="work"/> in the next transaction; completes after commit.</summary>
    public Task<T> RunAsync<T>(Func<Unit, T> work, CancellationToken cancellationToken = default)
    {
        var item = new Work<T>(work);
        ObjectDisposedException.ThrowIf(!channel.Writer.TryWrite(item), this);

        return cancellationToken.CanBeCanceled ? item.Task.WaitAsync(cancellationToken) : item.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        using var connection = database.Open();
        using var statements = new StatementCache(connection);
        var batch = new List<IWork>(options.MaxBatch);
        while (await channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < options.MaxBatch && channel.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            RuntimeTelemetry.CommitBatch.Record(batch.Count);
            Commit(connection, statements, batch);
        }
    }

    private void Commit(SqliteConnection connection, StatementCache statements, List<IWork> batch)
    {
        var pages = false;
        DateTimeOffset? earliest = null;
        try
        {
            using var tx = connection.BeginTransaction();
            var now = time.GetUtcNow();
            foreach (var item in batch)
            {
                Exec(statements, tx, "SAVEPOINT w");
                var unit = new Unit(statements, tx, now);
                if (item.Run(unit))
                {
                    Exec(statements, tx, "RELEASE w");
                    pages |= unit.AddedPages;
                    if (unit.EarliestTimer is { } t && (earliest is null || t < earliest))
                    {
                        earliest = t;
                    }
                }
                else
                {
                    Exec(statements, tx, "ROLLBACK TO w");
                    Exec(statements, tx, "RELEASE w");
                }
            }

            tx.Commit();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Commit of {Count} work items failed; every caller gets the error", batch.Count);
            foreach (var item in batch)
            {
                item.Fail(ex);
            }

            return;
        }

        foreach (var item in batch)
        {
            item.Complete();
        }

        if (pages)
        {
            PagesCommitted?.Invoke();
        }

        if (earliest is { } e)
        {
            TimersCommitted?.Invoke(e);
        }
    }

    private static void Exec(StatementCache statements, SqliteTransaction tx, string sql) => statements.Get(sql, tx).ExecuteNonQuery();

    private interface IWork
    {
        /// <summary>Runs the work; false when it threw (its error is kept for <see cref="Complete"/>).</summary>
        bool Run(Unit unit);

        void Complete();

        void Fail(Exception error);
    }

    private sealed class Work<T>(Func<Unit, T> work) : IWork
    {
        private readonly TaskCompletionSource<T> tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? error;

        public Task<T> Task => tcs.Task;

        public bool Run(Unit unit)
        {
            try
            {
                result = work(unit);
                error = null;
                return true;
            }
            catch (Exception ex)
            {
                error = ex;
                return false;
            }
        }

        public void Complete()
        {
            if (error is not null)
            {
                tcs.TrySetException(error);
            }
            else
            {
                tcs.TrySetResult(result!);
            }
        }

        public void Fail(Exception e) => tcs.TrySetException(e);
    }
}
