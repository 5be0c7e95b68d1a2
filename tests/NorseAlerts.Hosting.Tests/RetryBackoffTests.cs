using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Hosting;
using Xunit;
using static NorseAlerts.Hosting.Tests.HostingSamples;

namespace NorseAlerts.Hosting.Tests;

public class RetryBackoffTests
{
    private static readonly RetryBackoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    [Fact]
    public void Delays_double_from_the_first_and_stop_at_the_longest()
    {
        var delays = Enumerable.Range(0, 6).Select(a => Backoff.DelayAfter(a).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void A_very_late_attempt_waits_the_longest_delay_without_overflowing()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.DelayAfter(int.MaxValue));
        Assert.Equal(TimeSpan.FromDays(1), new RetryBackoff(TimeSpan.FromHours(1), TimeSpan.FromDays(1)).DelayAfter(1000));
    }

    [Fact]
    public void A_longest_delay_below_the_first_never_shortens_it()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(5), backoff.DelayAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(5), backoff.DelayAfter(3));
    }

    [Fact]
    public void A_first_delay_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task The_pipeline_retries_each_failure_after_its_delay_on_the_given_clock_until_the_callback_succeeds()
    {
        var clock = new FakeTimeProvider(T0);
        var attempts = new List<DateTimeOffset>();
        var heard = new List<TimeSpan>();
        var pipeline = Backoff.Pipeline(clock, e => e is IOException, (_, delay) =>
        {
            lock (heard)
            {
                heard.Add(delay);
            }

            return ValueTask.CompletedTask;
        });

        var run = pipeline.ExecuteAsync(_ =>
        {
            lock (attempts)
            {
                attempts.Add(clock.GetUtcNow());
                return attempts.Count <= 5 ? throw new IOException("broker away") : ValueTask.FromResult(attempts.Count);
            }
        }, CancellationToken.None).AsTask();

        // Move the clock by one delay at a time, once the pipeline waits on it.
        for (var retry = 0; retry < 5; retry++)
        {
            await Until(() => Count(heard) == retry + 1);
            await Task.Delay(20); // the delay's timer is set right after the notice
            clock.Advance(Backoff.DelayAfter(retry));
        }

        Assert.Equal(6, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([0, 1, 3, 7, 15, 25], attempts.Select(a => (a - T0).TotalSeconds));
        Assert.Equal([1, 2, 4, 8, 10], heard.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task The_pipeline_does_not_retry_what_it_is_told_to_leave()
    {
        var calls = 0;
        var pipeline = Backoff.Pipeline(new FakeTimeProvider(T0), e => e is IOException, (_, _) => ValueTask.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new InvalidOperationException("not transient");
        }, CancellationToken.None).AsTask());

        Assert.Equal(1, calls);
    }

    private static int Count(List<TimeSpan> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
