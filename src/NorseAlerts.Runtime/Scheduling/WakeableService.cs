using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// A background loop that runs a pass, then sleeps until the time the pass asked for or until it is woken,
/// whichever comes first. The scheduler and the outbox dispatcher share it: both sleep towards a due time
/// and must wake early when the writer commits something sooner.
/// </summary>
public abstract class WakeableService : BackgroundService
{
    // Task.Delay rejects delays beyond ~49 days; a case can have a deadline further out, so sleep in steps.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromDays(1);
    private readonly SemaphoreSlim wake = new(0);
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates the loop on the given clock.</summary>
    protected WakeableService(TimeProvider time, ILogger logger)
    {
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Ends the current sleep now.</summary>
    protected void Wake() => wake.Release();

    /// <summary>Runs one pass; returns when to run the next (null: only when woken; now or earlier: at once).</summary>
    protected abstract Task<DateTimeOffset?> RunPassAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = await RunPassAsync(stoppingToken).ConfigureAwait(false);
                var delay = next is { } due ? due - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
                if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
                {
                    continue;
                }

                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var sleep = delay == Timeout.InfiniteTimeSpan
                    ? Task.Delay(Timeout.Infinite, cts.Token)
                    : Task.Delay(delay > LongestSleep ? LongestSleep : delay, time, cts.Token);
                await Task.WhenAny(sleep, wake.WaitAsync(cts.Token)).ConfigureAwait(false);
                await cts.CancelAsync().ConfigureAwait(false);

                // Wakes that arrived while sleeping are all answered by the next pass.
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
                logger.LogError(ex, "{Service} pass failed; retrying in a second", GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
