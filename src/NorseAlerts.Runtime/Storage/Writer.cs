using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The single writer. Work items queue up; the writer takes as many as are waiting, runs them in one
/// transaction and commits them together (group commit): one fsync is shared by every concurrent request, and a
/// caller's task completes only after its work is durable. A work item that throws fails only its own caller: the
/// transaction is rolled back and the batch runs again with each item in its own savepoint.
/// </summary>
/// <remarks>
/// The loop never ends while the writer is open: a failed commit fails its callers and drops the connection,
/// which the next batch reopens (so a store that was full or read-only is written again as soon as it can
/// be, without a restart), and a commit's changes are only stored in the listeners' wake signals. Deadline passes and the
/// outbox go through this loop; if it ended, every deadline would stop firing without a word (issue 8).
/// The loop has a thread of its own: on the thread pool, its wake-up would queue behind the callers' work (each
/// ingest decides on a pool thread before it queues), and the commits would wait for every decision first.
/// When nothing is queued and no commit runs, an ingest commits on its own thread instead (<see cref="TryRunHere"/>):
/// one caller alone then pays no hop to the writer's thread and back. Either way one gate admits one committer at a
/// time, on the one connection. The committed case documents are kept in memory (<see cref="CommittedCases"/>) for
/// deciding without reading the store.
/// </remarks>
public sealed class Writer : IAsyncDisposable
{
    private readonly BlockingCollection<IWork> queue = new(new ConcurrentQueue<IWork>());
    private readonly Database database;
    private readonly TimeProvider time;
    private readonly RuntimeOptions options;
    private readonly ILogger logger;
    private readonly Task loop;
    // Held by whoever commits (the loop, or a caller that found the writer idle), so one commit at a time runs on the
    // one connection; not reentrant, unlike a Monitor, so work that tries to commit here from inside a commit
    // (TryRunHere) finds it taken and queues instead of nesting a transaction.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CommittedCases committed;
    private readonly WalCheckpointer checkpointer;
    private SqliteConnection? connection;
    private StatementCache? statements;
    private long lastCommitTicks;
    private int disposed;
    // Set while the loop holds work it took from the queue and waits for the gate: a caller then queues behind it
    // (and shares its commit) instead of taking the gate first, which could keep the loop's work waiting.
    private int loopWaiting;
    // Bookkeeping the loop took alone and holds for a moment (RuntimeOptions.BookkeepingLinger), so that an ingest
    // committing on its own thread meanwhile carries it: one commit instead of two, and no hop for the ingest.
    private IWork? lingering;
    private StoreFailure? lastFailure;

    /// <summary>Starts the writer loop.</summary>
    public Writer(Database database, TimeProvider time, RuntimeOptions options, ILogger<Writer> logger)
    {
        this.database = database;
        this.time = time;
        this.options = options;
        this.logger = logger;
        committed = new CommittedCases(database, options.CaseCacheSize);
        checkpointer = new WalCheckpointer(database, options, logger);
        loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    // The signals each commit announces its changes to; replaced whole (copy on write), read without a lock.
    private WakeSignal[] signals = [];

    /// <summary>
    /// Announces what every later commit changed (the pages it added in commit order, the earliest timer it wrote) to
    /// <paramref name="signal"/>. Announcing only stores the changes in the signal: no listener code runs on the writer.
    /// </summary>
    public void WakeOnCommit(WakeSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        WakeSignal[] current, updated;
        do
        {
            current = Volatile.Read(ref signals);
            updated = [.. current, signal];
        }
        while (Interlocked.CompareExchange(ref signals, updated, current) != current);
    }

    /// <summary>When a transaction last committed (null before the first).</summary>
    public DateTimeOffset? LastCommitAt => Volatile.Read(ref lastCommitTicks) is var t and not 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>The thread that copies the write-ahead log into the database file after commits.</summary>
    public WalCheckpointer Checkpointer => checkpointer;

    /// <summary>The last store-level failure, if the store has not committed since; null while it writes.</summary>
    public StoreFailure? CurrentFailure => Volatile.Read(ref lastFailure);

    /// <summary>Runs <paramref name="work"/> in the next transaction; completes after commit.</summary>
    /// <remarks>
    /// The work may run twice: when another work item of its batch fails, the batch is rolled back and run again. So it
    /// must depend only on the <see cref="Unit"/> it is given, and only what it returns counts.
    /// </remarks>
    /// <exception cref="StoreUnavailableException">The store cannot be written now (full, read-only); nothing was stored.</exception>
    public Task<T> RunAsync<T>(Func<Unit, T> work, CancellationToken cancellationToken = default) =>
        Enqueue(new Work<T>(work), cancellationToken);

    /// <summary>
    /// Like <see cref="RunAsync{T}"/>, for bookkeeping that may be lost on a power failure (a page marked delivered is
    /// then sent again under the same message id). When nothing else is queued, it waits up to
    /// <see cref="RuntimeOptions.BookkeepingLinger"/> for an ingest to carry it in that ingest's commit; when its
    /// transaction holds only such work, it commits without a sync of its own, and the next commit's sync makes it
    /// durable. It is committed, and seen by every read, when the task completes.
    /// </summary>
    public Task<T> RunDeferredAsync<T>(Func<Unit, T> work, CancellationToken cancellationToken = default) =>
        Enqueue(new Work<T>(work, deferred: true), cancellationToken);

    private Task<T> Enqueue<T>(Work<T> item, CancellationToken cancellationToken)
    {
        try
        {
            queue.Add(item, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Adding after DisposeAsync (completed or disposed queue).
            throw new ObjectDisposedException(nameof(Writer));
        }

        return cancellationToken.CanBeCanceled ? item.Task.WaitAsync(cancellationToken) : item.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> outside the writer, on a reader of the last commit, and returns it as an
    /// optimistic transaction for <see cref="CommitAsync"/>. The decision and its JSON cost the caller's thread,
    /// not the writer's critical section.
    /// </summary>
    internal (OptimisticTransaction Transaction, T Result) Plan<T>(Func<ICaseTransaction, T> work, bool readInbox)
    {
        var reader = committed.Rent();
        try
        {
            var transaction = new OptimisticTransaction(committed, reader, time.GetUtcNow(), readInbox);
            var result = work(transaction);
            committed.Return(reader);
            return (transaction, result);
        }
        catch
        {
            // The reader may be what failed: do not hand it out again.
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Replays a planned transaction in the next commit; completes after commit.</summary>
    /// <exception cref="WriteConflictException">Another commit changed what it read; nothing of it was written.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be written now (full, read-only); nothing was stored.</exception>
    internal Task<T> CommitAsync<T>(OptimisticTransaction transaction, T result, CancellationToken cancellationToken = default) =>
        RunAsync(
            unit =>
            {
                transaction.Replay(unit);
                return result;
            },
            cancellationToken);

    /// <summary>How many committed case documents the writer holds in memory now (at most <see cref="RuntimeOptions.CaseCacheSize"/>).</summary>
    public int CachedCases => committed.Count;

    /// <summary>
    /// When the writer is idle (nothing queued, no commit running, the loop not waiting), runs <paramref name="work"/> in a transaction of its
    /// own on the calling thread and returns true with its completed task; otherwise returns false and does nothing.
    /// The guarantees are those of <see cref="RunAsync{T}"/>: the task completes after the commit, or faults alone.
    /// </summary>
    internal bool TryRunHere<T>(Func<Unit, T> work, out Task<T> task)
    {
        task = null!;
        if (!Available() || !gate.Wait(0))
        {
            return false;
        }

        try
        {
            if (!Available())
            {
                return false;
            }

            var item = new Work<T>(work);
            CommitBatch(Interlocked.Exchange(ref lingering, null) is { } rider ? [rider, item] : [item]);
            task = item.Task;
            return true;
        }
        finally
        {
            gate.Release();
        }

        bool Available() => queue.Count == 0 && Volatile.Read(ref loopWaiting) == 0 && Volatile.Read(ref disposed) == 0;
    }

    /// <summary>A real write through the writer (the readiness probe): completes when it is durable.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken = default) => RunAsync(u => u.Probe(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        queue.CompleteAdding();
        await loop.ConfigureAwait(false);
        queue.Dispose();
        committed.Dispose();
        checkpointer.Dispose();
    }

    private void Loop()
    {
        var batch = new List<IWork>(options.MaxBatch);
        try
        {
            while (queue.TryTake(out var first, Timeout.Infinite))
            {
                IWork? next = null;
                if (first.Deferred && queue.Count == 0)
                {
                    Volatile.Write(ref lingering, first);
                    queue.TryTake(out next, options.BookkeepingLinger);
                    if (Interlocked.Exchange(ref lingering, null) is null)
                    {
                        // An ingest carried it in its own commit.
                        if (next is null)
                        {
                            continue;
                        }

                        first = next;
                        next = null;
                    }
                }

                Volatile.Write(ref loopWaiting, 1);
                gate.Wait();
                Volatile.Write(ref loopWaiting, 0);
                try
                {
                    batch.Clear();
                    batch.Add(first);
                    if (next is not null)
                    {
                        batch.Add(next);
                    }

                    while (batch.Count < options.MaxBatch && queue.TryTake(out var item))
                    {
                        batch.Add(item);
                    }

                    CommitBatch(batch);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        finally
        {
            gate.Wait();
            statements?.Dispose();
            connection?.Dispose();
            statements = null;
            connection = null;
            gate.Release();
        }
    }

    // Under the gate.
    private void CommitBatch(List<IWork> batch)
    {
        RuntimeTelemetry.CommitBatch.Record(batch.Count);
        try
        {
            if (connection is null)
            {
                connection = database.Open();
                statements = new StatementCache(connection);
                checkpointer.TakeOver(connection);
            }

            Commit(connection, statements!, batch);
            if (Volatile.Read(ref lastFailure) is not null)
            {
                // A write inside the batch was refused by the store: reopen for the next batch, since a
                // handle opened while the file was read-only stays read-only.
                Drop();
            }
        }
        catch (Exception ex)
        {
            // The connection may be unusable after this (a full disk, a file made read-only, a lost
            // file handle): drop it, so the next batch opens a fresh one and recovers by itself.
            Fail(batch, ex);
            Drop();
        }
    }

    // Under the gate. The documents in memory are forgotten with the connection: after a failure nobody knows for
    // sure what the store kept.
    private void Drop()
    {
        committed.ForgetConnection();
        statements?.Dispose();
        if (connection is not null)
        {
            Database.Discard(connection);
        }

        statements = null;
        connection = null;
    }

    private void Commit(SqliteConnection connection, StatementCache statements, List<IWork> batch)
    {
        // Only bookkeeping (pages marked delivered or failed): committed without a sync of its own. The next commit's
        // sync makes it durable; a power failure before that can lose the mark, and the page is then sent again under
        // the same message id (at least once, identified exactly once).
        var deferred = batch.TrueForAll(item => item.Deferred);
        if (deferred)
        {
            Exec(statements, null, "PRAGMA synchronous=NORMAL");
        }

        BatchChanges? changes;
        try
        {
            // Together first, with no savepoint: inside one, SQLite copies every page a statement changes to a
            // sub-journal before changing it, about a quarter of a work item's time. When an item fails, the
            // transaction is rolled back whole and the batch runs again with each item in its own savepoint, so that
            // item fails alone and its neighbours commit (a lone item has no neighbours: it just fails).
            changes = Run(connection, statements, batch, savepoints: false, synced: !deferred)
                ?? (batch.Count > 1 ? Run(connection, statements, batch, savepoints: true, synced: !deferred) : null);
        }
        finally
        {
            if (deferred)
            {
                Exec(statements, null, "PRAGMA synchronous=FULL");
            }
        }

        if (changes is not null && deferred)
        {
            RuntimeTelemetry.DeferredCommits.Add(1);
        }

        var refused = batch.Select(item => item.Error is { } error ? StoreUnavailableException.From(error) : null).FirstOrDefault(e => e is not null);

        // Only now may callers decide on what the batch wrote; if the store refused a write inside it, what the store
        // kept is not certain, so forget.
        if (refused is null)
        {
            committed.Publish();
        }
        else
        {
            committed.Forget();
        }

        if (changes is not null)
        {
            Volatile.Write(ref lastCommitTicks, time.GetUtcNow().UtcTicks);
            checkpointer.Committed();
        }

        if (refused is not null)
        {
            // A write inside the batch was refused by the store: still failing.
            Volatile.Write(ref lastFailure, new StoreFailure(refused.Reason, refused.InnerException?.Message ?? refused.Message, time.GetUtcNow()));
        }
        else if (changes is not null && Volatile.Read(ref lastFailure) is not null)
        {
            Volatile.Write(ref lastFailure, null);
            Logs.StoreRecovered(logger);
        }

        // Announced before the callers are released: when a commit returns, its wake-ups are already waiting.
        if (changes is { } c && (c.Pages is not null || c.Earliest is not null))
        {
            Announce(new CommitChanges(c.Pages ?? [], c.Earliest));
        }

        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    // Every item of the batch in one transaction. With a savepoint per item, an item that fails rolls back to its
    // savepoint alone. Without, an item that fails rolls the transaction back and the answer is null: nothing of the
    // batch is written or staged.
    private BatchChanges? Run(SqliteConnection connection, StatementCache statements, List<IWork> batch, bool savepoints, bool synced)
    {
        using var tx = connection.BeginTransaction();
        committed.Begin(statements, tx);
        var now = time.GetUtcNow();
        var changes = new BatchChanges();
        foreach (var item in batch)
        {
            if (savepoints)
            {
                Exec(statements, tx, "SAVEPOINT w");
            }

            var unit = new Unit(statements, tx, now, committed);
            if (item.Run(unit))
            {
                if (savepoints)
                {
                    Exec(statements, tx, "RELEASE w");
                }

                committed.Stage(unit);
                changes.Add(unit);
            }
            else if (savepoints)
            {
                Exec(statements, tx, "ROLLBACK TO w");
                Exec(statements, tx, "RELEASE w");
            }
            else
            {
                tx.Rollback();
                committed.Unstage();
                return null;
            }
        }

        var committing = Stopwatch.GetTimestamp();
        tx.Commit();
        RuntimeTelemetry.Commits.Record(Stopwatch.GetElapsedTime(committing).TotalMilliseconds, new KeyValuePair<string, object?>(RuntimeTelemetry.SyncedTag, synced));
        return changes;
    }

    private void Fail(List<IWork> batch, Exception ex)
    {
        RuntimeTelemetry.CommitFailures.Add(1);
        if (StoreUnavailableException.From(ex) is { } store)
        {
            Volatile.Write(ref lastFailure, new StoreFailure(store.Reason, ex.Message, time.GetUtcNow()));
            Logs.StoreUnavailable(logger, store.Reason, batch.Count, ex);
            foreach (var item in batch)
            {
                item.Fail(store);
            }
        }
        else
        {
            Logs.CommitFailed(logger, batch.Count, ex);
            foreach (var item in batch)
            {
                item.Fail(ex);
            }
        }
    }

    private void Announce(CommitChanges changes)
    {
        foreach (var signal in Volatile.Read(ref signals))
        {
            signal.Announce(changes);
        }
    }

    private static void Exec(StatementCache statements, SqliteTransaction? tx, string sql) => statements.Get(sql, tx).ExecuteNonQuery();

    /// <summary>What the work items of a batch that succeeded changed: the pages they added in order, the earliest timer.</summary>
    private sealed class BatchChanges
    {
        public List<OutboxRow>? Pages { get; private set; }

        public DateTimeOffset? Earliest { get; private set; }

        public void Add(Unit unit)
        {
            if (unit.AddedPages)
            {
                (Pages ??= []).AddRange(unit.Outbox.Added);
            }

            if (unit.EarliestTimer is { } t && (Earliest is null || t < Earliest))
            {
                Earliest = t;
            }
        }
    }

    private interface IWork
    {
        /// <summary>Runs the work; false when it threw (its error is kept for <see cref="Complete"/>).</summary>
        bool Run(Unit unit);

        /// <summary>The error of the last <see cref="Run"/>, if it threw.</summary>
        Exception? Error { get; }

        /// <summary>Whether the work is bookkeeping that may commit without a sync of its own (see <see cref="RunDeferredAsync"/>).</summary>
        bool Deferred { get; }

        void Complete();

        void Fail(Exception error);
    }

    private sealed class Work<T>(Func<Unit, T> work, bool deferred = false) : IWork
    {
        public bool Deferred => deferred;

        private readonly TaskCompletionSource<T> tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? error;

        public Task<T> Task => tcs.Task;

        public Exception? Error => error;

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
                tcs.TrySetException(StoreUnavailableException.From(error) ?? error);
            }
            else
            {
                tcs.TrySetResult(result!);
            }
        }

        public void Fail(Exception e) => tcs.TrySetException(e);
    }
}

/// <summary>Why the store last refused a write, and when.</summary>
/// <param name="Reason"><c>full</c>, <c>read-only</c> or <c>unavailable</c>.</param>
/// <param name="Detail">The store's own message (no PHI: SQLite messages name files and codes).</param>
/// <param name="At">When it happened.</param>
public sealed record StoreFailure(string Reason, string Detail, DateTimeOffset At);
