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
    public DateTimeOffset? SleepingUntil { get; private set; }

    /// <inheritdoc />
    protected override async Task<DateTimeOffset?> RunPassAsync(CancellationToken cancellationToken)
    {
        var woken = await engine.WakeDueAsync(options.TimerBatch, cancellationToken).ConfigureAwait(false);
        if (woken >= options.TimerBatch)
        {
            return DateTimeOffset.MinValue;
        }

        SleepingUntil = NextDue();
        return SleepingUntil;
    }

    private void OnTimersCommitted(DateTimeOffset earliest)
    {
        if (SleepingUntil is null || earliest < SleepingUntil)
        {
            SleepingUntil = earliest;
            Wake();
        }
    }

    private DateTimeOffset? NextDue()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(due_at) FROM timers";
        return cmd.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
