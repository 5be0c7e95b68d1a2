using Polly;
using Polly.Retry;

namespace NorseAlerts.Hosting;

/// <summary>
/// The one backoff of NorseAlerts' retries: the first delay, doubled after each further failure, never more than
/// the longest. No jitter, so each retry time can be read from the log and a test can name it. The outbox computes
/// each page's durable retry time from it; the broker's reconnect loop runs through <see cref="Pipeline"/>.
/// </summary>
public sealed record RetryBackoff
{
    // 2^30 times any sensible first delay already passes every sensible cap; beyond it doubling only risks overflow.
    private const int MaxDoublings = 30;

    /// <summary>A backoff from <paramref name="first"/> doubling up to <paramref name="longest"/> (never below <paramref name="first"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The first delay is not positive.</exception>
    public RetryBackoff(TimeSpan first, TimeSpan longest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        First = first;
        Longest = longest < first ? first : longest;
    }

    /// <summary>The delay after the first failure.</summary>
    public TimeSpan First { get; }

    /// <summary>The longest delay: doubling stops here.</summary>
    public TimeSpan Longest { get; }

    /// <summary>The delay after the failure of attempt <paramref name="attempt"/> (0: the first attempt).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var doubled = First.Ticks * Math.Pow(2, Math.Clamp(attempt, 0, MaxDoublings));
        return doubled >= Longest.Ticks ? Longest : TimeSpan.FromTicks((long)doubled);
    }

    /// <summary>
    /// A pipeline that runs a callback until it succeeds, retrying every exception that <paramref name="retry"/>
    /// accepts after <see cref="DelayAfter"/> of the failed attempt, on <paramref name="time"/>'s clock.
    /// <paramref name="onRetry"/> hears of each failure with the delay before the next attempt.
    /// </summary>
    public ResiliencePipeline Pipeline(TimeProvider time, Func<Exception, bool> retry, Func<Exception, TimeSpan, ValueTask> onRetry)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(onRetry);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && retry(e)),
                MaxRetryAttempts = int.MaxValue,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayAfter(args.AttemptNumber)),
                OnRetry = args => onRetry(args.Outcome.Exception!, args.RetryDelay),
            })
            .Build();
    }
}
