using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// A background loop that runs a pass, then sleeps until the time the pass asked for or until it is woken,
/// whichever comes first. The scheduler and the outbox dispatcher share it: both sleep towards a due time
/// and must wake early when the writer commits something sooner, which the writer announces to their
/// <see cref="Signal"/>.
/// </summary>
public abstract class WakeableService : BackgroundService
{
    // Task.Delay rejects delays beyond ~49 days; a case can have a deadline further out, so sleep in steps.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromDays(1);
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private long lastPassTicks;
    private long lastPassStartTicks;
    private long passesStarted;

    /// <summary>Creates the loop on the given clock, woken by the commit changes named in <paramref name="wakeOn"/>.</summary>
    protected WakeableService(TimeProvider time, ILogger logger, WakeOn wakeOn = WakeOn.Nothing)
    {
        this.time = time;
        this.logger = logger;
        Signal = new WakeSignal(wakeOn);
    }

    /// <summary>What the loop sleeps on besides its clock; the writer announces its commits to it.</summary>
    public WakeSignal Signal { get; }

    /// <summary>Ends the current sleep now: the next pass runs at once.</summary>
    public void Wake() => Signal.Wake();

    /// <summary>When the last pass finished (null before the first); the watchdog and readiness read it.</summary>
    public DateTimeOffset? LastPassAt => Volatile.Read(ref lastPassTicks) is var t and not 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>How many passes have started since the loop began.</summary>
    public long PassesStarted => Interlocked.Read(ref passesStarted);

    /// <summary>When the last pass started (null before the first).</summary>
    public DateTimeOffset? LastPassStartedAt => Volatile.Read(ref lastPassStartTicks) is var t and not 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>
    /// Runs one pass over what commits announced since the last one; returns when to run the next (null: only when
    /// woken; now or earlier: at once).
    /// </summary>
    protected abstract Task<DateTimeOffset?> RunPassAsync(CommitChanges changes, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Volatile.Write(ref lastPassStartTicks, time.GetUtcNow().UtcTicks);
                Interlocked.Increment(ref passesStarted);
                // Taken before the pass: what a commit announces from here on wakes the sleep after it.
                var next = await RunPassAsync(Signal.Take(), stoppingToken).ConfigureAwait(false);
                Volatile.Write(ref lastPassTicks, time.GetUtcNow().UtcTicks);

                // "Nothing to wait for" is the null due time itself, never a sentinel delay: a due time exactly
                // 1 ms in the past gives a delay equal to Timeout.InfiniteTimeSpan, and treating that as "sleep
                // until woken" stalled every later deadline (issue 8).
                Task sleep;
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                if (next is { } due)
                {
                    var delay = due - time.GetUtcNow();
                    if (delay <= TimeSpan.Zero)
                    {
                        continue;
                    }

                    sleep = Task.Delay(delay > LongestSleep ? LongestSleep : delay, time, cts.Token);
                }
                else
                {
                    sleep = Task.Delay(Timeout.Infinite, cts.Token);
                }

                await Task.WhenAny(sleep, Signal.WaitAsync(next, cts.Token)).ConfigureAwait(false);
                await cts.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Logs.PassFailed(logger, GetType().Name, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
