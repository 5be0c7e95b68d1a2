using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// Sleeps until the earliest due timer, wakes early when the writer commits an earlier one, and fires
/// due timers through the same transactional path as ingest. On start it first fires everything that
/// fell due while the process was down (catch-up).
/// </summary>
public sealed class DeadlineScheduler : BackgroundService
{
    private readonly Database database;
    private readonly CaseEngine engine;
    private readonly TimeProvider time;
    private readonly RuntimeOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Creates the scheduler and subscribes to the writer's timer commits.</summary>
    public DeadlineScheduler(Database database, Writer writer, CaseEngine engine, TimeProvider time, RuntimeOptions options, ILogger<DeadlineScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.database = database;
        this.engine = engine;
        this.time = time;
        this.options = options;
        this.logger = logger;
        writer.TimersCommitted += OnTimersCommitted;
    }

    /// <summary>The earliest due time the scheduler is sleeping towards (null when idle); for tests and metrics.</summary>
    public DateTimeOffset? SleepingUntil { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = await engine.WakeDueAsync(options.TimerBatch, stoppingToken).ConfigureAwait(false);
                if (woken >= options.TimerBatch)
                {
                    continue;
                }

                var next = NextDue();
                SleepingUntil = next;
                var delay = next is { } due ? due - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
                if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
                {
                    continue;
                }

                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var sleep = delay == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, cts.Token) : Task.Delay(Min(delay), time, cts.Token);
                await Task.WhenAny(sleep, wake.WaitAsync(cts.Token)).ConfigureAwait(false);
                await cts.CancelAsync().ConfigureAwait(false);
                while (wake.CurrentCount > 0)
                {
                    await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Deadline scheduler pass failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    private void OnTimersCommitted(DateTimeOffset earliest)
    {
        if (SleepingUntil is null || earliest < SleepingUntil)
        {
            SleepingUntil = earliest;
            wake.Release();
        }
    }

    private DateTimeOffset? NextDue()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(due_at) FROM timers";
        return cmd.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    // Task.Delay rejects delays beyond ~49 days; a case can have a deadline further out, so sleep in steps.
    private static TimeSpan Min(TimeSpan delay) => delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay;
}
