using NorseAlerts.Runtime.Outbox;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// What a background loop sleeps on besides its clock. The writer announces each commit's changes to it; the signal
/// keeps them until the loop takes them at its next pass, so a commit that lands during a pass, or between a pass and
/// its sleep, is never lost. A sleep ends early only for what the loop listens to: any page, or a timer earlier than
/// the time it sleeps towards.
/// </summary>
/// <remarks>
/// Announcing only stores and completes a task whose continuations run elsewhere: no code of a loop runs on the
/// writer's thread, so nothing a loop does (or fails to do) can stop the writer.
/// </remarks>
public sealed class WakeSignal(WakeOn listensTo)
{
    private readonly Lock gate = new();
    private List<OutboxRow>? pages;
    private DateTimeOffset? earliestTimer;
    private bool woken;
    private DateTimeOffset? sleepingUntil;
    private TaskCompletionSource? sleeper;

    /// <summary>What it keeps and wakes for.</summary>
    public WakeOn ListensTo { get; } = listensTo;

    /// <summary>
    /// The due time the loop sleeps towards (see <see cref="WaitAsync"/>); null while a pass runs (from
    /// <see cref="Take"/>) and while it sleeps with nothing due.
    /// </summary>
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

    /// <summary>Wakes the loop now, with or without a change (the watchdog, tests).</summary>
    public void Wake()
    {
        TaskCompletionSource? wake;
        lock (gate)
        {
            woken = true;
            wake = TakeSleeper();
        }

        wake?.TrySetResult();
    }

    /// <summary>Keeps what a commit changed (what the signal listens to) and wakes the loop if it sleeps past it.</summary>
    public void Announce(CommitChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            if (ListensTo.HasFlag(WakeOn.Pages) && changes.Pages.Count > 0)
            {
                (pages ??= []).AddRange(changes.Pages);
            }

            if (ListensTo.HasFlag(WakeOn.Timers) && changes.EarliestTimer is { } t && (earliestTimer is null || t < earliestTimer))
            {
                earliestTimer = t;
            }

            if (Due())
            {
                wake = TakeSleeper();
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Takes everything announced since the last take (pages in commit order) and clears the wake; the loop runs a
    /// pass now and sleeps towards nothing until its next <see cref="WaitAsync"/>.
    /// </summary>
    public CommitChanges Take()
    {
        lock (gate)
        {
            woken = false;
            sleepingUntil = null;
            if (pages is null && earliestTimer is null)
            {
                return CommitChanges.None;
            }

            var taken = new CommitChanges(pages ?? [], earliestTimer);
            pages = null;
            earliestTimer = null;
            return taken;
        }
    }

    /// <summary>
    /// Completes when the loop should run before <paramref name="until"/> (null: no due time): at once if a wake,
    /// a page or an earlier timer is already waiting, else at the first one announced.
    /// </summary>
    public Task WaitAsync(DateTimeOffset? until, CancellationToken cancellationToken)
    {
        Task task;
        lock (gate)
        {
            sleepingUntil = until;
            if (Due())
            {
                return Task.CompletedTask;
            }

            sleeper ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            task = sleeper.Task;
        }

        return task.WaitAsync(cancellationToken);
    }

    private bool Due() =>
        woken
        || pages is { Count: > 0 }
        || (earliestTimer is { } t && (sleepingUntil is not { } s || t < s));

    private TaskCompletionSource? TakeSleeper()
    {
        var taken = sleeper;
        sleeper = null;
        return taken;
    }
}
