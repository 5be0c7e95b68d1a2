namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// What the watchdog last saw of the two loops that must never stop: the deadline scheduler and the outbox
/// dispatcher. <c>/readyz</c> shows it and the metrics export it.
/// </summary>
/// <param name="CheckedAt">When the watchdog looked.</param>
/// <param name="Margin">How late a timer or an owed page may be before it counts as a stall.</param>
/// <param name="SchedulerLastPassAt">When the scheduler last finished a pass.</param>
/// <param name="EarliestTimerDue">The due time of the earliest unfired timer, if any.</param>
/// <param name="OldestPastDueTimer">How far that timer is past due (null when it is not yet due).</param>
/// <param name="SchedulerStalled">True from the check that finds a timer past due beyond the margin until none is.</param>
/// <param name="DispatcherLastPassAt">When the outbox dispatcher last finished a pass.</param>
/// <param name="UnsentPages">Pages committed and not yet delivered.</param>
/// <param name="OldestUnsentPageAt">When the oldest of them was committed.</param>
/// <param name="OldestOwedPage">How long a page has waited past its attempt time without the dispatcher looking (null: none).</param>
/// <param name="OutboxStalled">True from the check that finds a page owed beyond the margin until none is.</param>
/// <param name="Stalls">Stalls detected since start (scheduler and outbox).</param>
public sealed record RuntimeLiveness(
    DateTimeOffset CheckedAt,
    TimeSpan Margin,
    DateTimeOffset? SchedulerLastPassAt,
    DateTimeOffset? EarliestTimerDue,
    TimeSpan? OldestPastDueTimer,
    bool SchedulerStalled,
    DateTimeOffset? DispatcherLastPassAt,
    int UnsentPages,
    DateTimeOffset? OldestUnsentPageAt,
    TimeSpan? OldestOwedPage,
    bool OutboxStalled,
    long Stalls)
{
    /// <summary>Time since the scheduler's last pass.</summary>
    public TimeSpan? SchedulerLastPassAge => SchedulerLastPassAt is { } t ? CheckedAt - t : null;
}
