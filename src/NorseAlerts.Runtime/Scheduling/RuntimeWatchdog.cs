using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// Checks, on its own periodic timer and its own connection, that deadlines fire and pages leave, whatever
/// the scheduler's and the dispatcher's wake-up paths believe. A timer past due (or a page owed) beyond the
/// margin is logged as an error and counted; the watchdog wakes the loop, and if the next check still finds
/// it, fires the due timers (or dispatches) itself. Readiness reports the stall until the backlog is gone.
/// </summary>
public sealed class RuntimeWatchdog : BackgroundService
{
    private readonly Database database;
    private readonly DeadlineScheduler scheduler;
    private readonly OutboxDispatcher dispatcher;
    private readonly CaseEngine engine;
    private readonly TimeProvider time;
    private readonly RuntimeOptions options;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private RuntimeLiveness? current;
    private bool schedulerStalled;
    private bool outboxStalled;
    private long stalls;

    /// <summary>Creates the watchdog over the runtime's loops.</summary>
    public RuntimeWatchdog(Database database, DeadlineScheduler scheduler, OutboxDispatcher dispatcher, CaseEngine engine, TimeProvider time, RuntimeOptions options, ILogger<RuntimeWatchdog> logger)
    {
        this.database = database;
        this.scheduler = scheduler;
        this.dispatcher = dispatcher;
        this.engine = engine;
        this.time = time;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>The last check's findings (null before the first check).</summary>
    public RuntimeLiveness? Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>One check: reads the store, detects and heals stalls, and returns what it saw.</summary>
    public async Task<RuntimeLiveness> CheckAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (timerCase, earliestDue) = EarliestTimer();
        var pastDue = earliestDue is { } d && d <= now ? now - d : (TimeSpan?)null;
        var timerLate = pastDue > options.WatchdogMargin;

        var (unsent, oldestUnsent, owed) = OwedPages(now);
        var pageLate = owed is { Late: var late } && late > options.WatchdogMargin;

        if (timerLate)
        {
            if (!schedulerStalled)
            {
                schedulerStalled = true;
                Interlocked.Increment(ref stalls);
                RuntimeTelemetry.SchedulerStalls.Add(1);
                Logs.SchedulerStalled(logger, timerCase!, pastDue!.Value, options.WatchdogMargin, scheduler.LastPassAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never");
                scheduler.Wake();
            }
            else
            {
                // Woken once and still behind: fire the due timers here, through the writer like any pass, so a
                // scheduler loop that cannot run does not keep deadlines from firing.
                Logs.SchedulerHealing(logger);
                var healing = engine.WakeDueAsync(options.TimerBatch, cancellationToken);
                await Task.WhenAny(healing, Task.Delay(options.WatchdogInterval * 5, time, cancellationToken)).ConfigureAwait(false);
                scheduler.Wake();
            }
        }
        else if (schedulerStalled)
        {
            schedulerStalled = false;
            Logs.SchedulerRecovered(logger);
        }

        if (pageLate)
        {
            if (!outboxStalled)
            {
                outboxStalled = true;
                Interlocked.Increment(ref stalls);
                RuntimeTelemetry.OutboxStalls.Add(1);
                Logs.OutboxStalled(logger, owed!.MessageId, owed.CaseId, owed.Late, options.WatchdogMargin);
                dispatcher.Wake();
            }
            else
            {
                Logs.OutboxHealing(logger);
                await dispatcher.TryDispatchOnceAsync(options.WatchdogInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (outboxStalled)
        {
            outboxStalled = false;
            Logs.OutboxRecovered(logger);
        }

        var liveness = new RuntimeLiveness(
            now,
            options.WatchdogMargin,
            scheduler.LastPassAt,
            earliestDue,
            pastDue,
            schedulerStalled,
            dispatcher.LastPassAt,
            unsent,
            oldestUnsent,
            owed?.Late,
            outboxStalled,
            Interlocked.Read(ref stalls));
        lock (gate)
        {
            current = liveness;
        }

        RuntimeTelemetry.Report(liveness);
        return liveness;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A one-shot delay per check rather than a periodic timer: after a long pause (or a test clock moved by
        // days) there is one catch-up check, not one per missed interval.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.WatchdogInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Logs.WatchdogFailed(logger, ex);
                try
                {
                    await Task.Delay(options.WatchdogInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private (string? CaseId, DateTimeOffset? Due) EarliestTimer()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, due_at FROM timers ORDER BY due_at LIMIT 1";
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))) : (null, null);
    }

    /// <summary>
    /// Unsent pages, the oldest one's commit time, and the page owed longest: one whose attempt time (its commit,
    /// or its retry time after a failure) has passed and that no dispatcher pass has looked at since. Only the head
    /// of each case (its earliest unsent page) can be owed: a page held back behind its case's failing earlier page,
    /// or waiting for its retry, is not. The store picks the one page; nothing is read row by row.
    /// </summary>
    private (int Unsent, DateTimeOffset? Oldest, OwedPage? Owed) OwedPages(DateTimeOffset now)
    {
        using var connection = database.Open();
        using var backlog = connection.CreateCommand();
        backlog.CommandText = """
            SELECT count(*), (SELECT created_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT 1)
            FROM outbox WHERE delivered_at IS NULL
            """;
        int unsent;
        DateTimeOffset? oldest;
        using (var r = backlog.ExecuteReader())
        {
            r.Read();
            unsent = r.GetInt32(0);
            oldest = r.IsDBNull(1) ? null : DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        if (unsent == 0)
        {
            return (0, null, null);
        }

        // SQLite fills the bare columns of a min() aggregate from the row holding the minimum: each case's head.
        // Times compare to the millisecond; a page committed in the millisecond a pass started counts as unseen,
        // so a stall is never missed.
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT message_id, case_id, attemptable FROM (
                SELECT message_id, case_id, min(seq),
                       max(next_attempt_at, CAST(round((julianday(created_at) - 2440587.5) * 86400000) AS INTEGER)) AS attemptable
                FROM outbox WHERE delivered_at IS NULL GROUP BY case_id)
            WHERE attemptable <= $now AND attemptable >= $looked
            ORDER BY attemptable LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$looked", dispatcher.LastPassStartedAt?.ToUnixTimeMilliseconds() ?? -1);
        using var owed = cmd.ExecuteReader();
        return owed.Read()
            ? (unsent, oldest, new OwedPage(owed.GetString(0), owed.GetString(1), now - DateTimeOffset.FromUnixTimeMilliseconds(owed.GetInt64(2))))
            : (unsent, oldest, null);
    }

    private sealed record OwedPage(string MessageId, string CaseId, TimeSpan Late);
}
