using Microsoft.Extensions.Logging;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// Sleeps until the earliest due timer, wakes early when the writer commits an earlier one, and fires
/// due timers through the same transactional path as ingest. On start it first fires everything that
/// fell due while the process was down (catch-up).
/// </summary>
/// <remarks>
/// A pass reads the store, so it ignores the timers announced before it; one committed while the pass runs stays
/// in the <see cref="WakeableService.Signal"/> and ends the sleep after the pass at once if it is the earlier.
/// </remarks>
public sealed class DeadlineScheduler : WakeableService
{
    private readonly Database database;
    private readonly CaseEngine engine;
    private readonly RuntimeOptions options;

    /// <summary>Creates the scheduler and has the writer announce its timer commits to it.</summary>
    public DeadlineScheduler(Database database, Writer writer, CaseEngine engine, TimeProvider time, RuntimeOptions options, ILogger<DeadlineScheduler> logger)
        : base(time, logger, WakeOn.Timers)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.database = database;
        this.engine = engine;
        this.options = options;
        writer.WakeOnCommit(Signal);
    }

    /// <summary>The earliest due time the scheduler is sleeping towards (null while a pass runs or when no timer is due); for tests and metrics.</summary>
    public DateTimeOffset? SleepingUntil => Signal.SleepingUntil;

    /// <inheritdoc />
    protected override async Task<DateTimeOffset?> RunPassAsync(CommitChanges changes, CancellationToken cancellationToken)
    {
        var woken = await engine.WakeDueAsync(options.TimerBatch, cancellationToken).ConfigureAwait(false);
        return woken >= options.TimerBatch ? DateTimeOffset.MinValue : NextDue();
    }

    private DateTimeOffset? NextDue()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(due_at) FROM timers";
        return cmd.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
