using Microsoft.Extensions.Logging;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// Sleeps until the earliest due timer, wakes early when the writer commits an earlier one, and fires
/// due timers through the same transactional path as ingest. On start it first fires everything that
/// fell due while the process was down (catch-up).
/// </summary>
public sealed class DeadlineScheduler : WakeableService
{
    private readonly Database database;
    private readonly CaseEngine engine;
    private readonly RuntimeOptions options;
    private readonly Lock gate = new();
    private DateTimeOffset? sleepingUntil;
    private DateTimeOffset? committedSincePass;
    private bool passRunning;

    /// <summary>Creates the scheduler and subscribes to the writer's timer commits.</summary>
    public DeadlineScheduler(Database database, Writer writer, CaseEngine engine, TimeProvider time, RuntimeOptions options, ILogger<DeadlineScheduler> logger)
        : base(time, logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.database = database;
        this.engine = engine;
        this.options = options;
        writer.TimersCommitted += OnTimersCommitted;
    }

    /// <summary>The earliest due time the scheduler is sleeping towards (null when idle); for tests and metrics.</summary>
    public DateTimeOffset? SleepingUntil
    {
        get
        {
            lock (gate)
            {
                return sleepingUntil;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task<DateTimeOffset?> RunPassAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // Timers committed from here on are remembered, so one that lands while NextDue() runs is not lost.
            committedSincePass = null;
            sleepingUntil = null;
            passRunning = true;
        }

        var woken = await engine.WakeDueAsync(options.TimerBatch, cancellationToken).ConfigureAwait(false);
        var next = woken >= options.TimerBatch ? DateTimeOffset.MinValue : NextDue();
        lock (gate)
        {
            passRunning = false;
            if (committedSincePass is { } committed && (next is null || committed < next))
            {
                next = committed;
            }

            sleepingUntil = next;
            return next;
        }
    }

    private void OnTimersCommitted(DateTimeOffset earliest)
    {
        lock (gate)
        {
            if (passRunning)
            {
                committedSincePass = committedSincePass is { } c && c <= earliest ? c : earliest;
                return;
            }

            if (sleepingUntil is { } s && s <= earliest)
            {
                return;
            }

            sleepingUntil = earliest;
        }

        Wake();
    }

    private DateTimeOffset? NextDue()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(due_at) FROM timers";
        return cmd.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
