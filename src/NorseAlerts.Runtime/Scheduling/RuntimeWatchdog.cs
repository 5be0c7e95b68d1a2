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
        using var timer = new PeriodicTimer(options.WatchdogInterval, time);
        do
        {
            try
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Logs.WatchdogFailed(logger, ex);
            }
        }
        while (await WaitTick(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitTick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
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
    /// or its retry time after a failure) has passed and that no dispatcher pass has looked at since. A page held
    /// back behind its case's failing earlier page, or waiting for its retry, is not owed.
    /// </summary>
    private (int Unsent, DateTimeOffset? Oldest, OwedPage? Owed) OwedPages(DateTimeOffset now)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT message_id, case_id, created_at, next_attempt_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT $l";
        cmd.Parameters.AddWithValue("$l", options.OutboxBatch * 10);
        using var r = cmd.ExecuteReader();
        var lastLook = dispatcher.LastPassStartedAt;
        var unsent = 0;
        DateTimeOffset? oldest = null;
        OwedPage? owed = null;
        while (r.Read())
        {
            unsent++;
            var created = DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            oldest ??= created;
            var retry = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3));
            var attemptable = retry > created ? retry : created;
            if (attemptable <= now && (lastLook is null || lastLook < attemptable) && (owed is null || now - attemptable > owed.Late))
            {
                owed = new OwedPage(r.GetString(0), r.GetString(1), now - attemptable);
            }
        }

        return (unsent, oldest, owed);
    }

    private sealed record OwedPage(string MessageId, string CaseId, TimeSpan Late);
}
