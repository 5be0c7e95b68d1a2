using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Runtime.Scheduling;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests.Scheduling;

public sealed class WakeableServiceTests
{
    // The stall of issue 8: a pass that asks for a time exactly one millisecond ago computed a delay equal to
    // Timeout.InfiniteTimeSpan (-1 ms) and the loop slept until woken, which nothing did.
    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(1000)]
    public async Task A_pass_that_asks_for_a_moment_already_past_runs_again_at_once(int millisecondsAgo)
    {
        var time = new FakeTimeProvider(Start);
        using var service = new ScriptedService(time, [time.GetUtcNow() - TimeSpan.FromMilliseconds(millisecondsAgo), null]);
        await service.StartAsync(CancellationToken.None);

        await Eventually(() => service.Passes >= 2, "the second pass", timeoutMs: 5000);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pass_that_asks_for_nothing_sleeps_until_woken()
    {
        var time = new FakeTimeProvider(Start);
        using var service = new ScriptedService(time, [null, null]);
        await service.StartAsync(CancellationToken.None);
        await Eventually(() => service.Passes >= 1, "the first pass");

        time.Advance(TimeSpan.FromDays(3));
        await Task.Delay(100);
        Assert.Equal(1, service.Passes);

        service.WakeNow();
        await Eventually(() => service.Passes >= 2, "the pass after the wake");
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pass_that_asks_for_a_later_moment_runs_when_the_clock_reaches_it()
    {
        var time = new FakeTimeProvider(Start);
        using var service = new ScriptedService(time, [Start.AddMinutes(10), null]);
        await service.StartAsync(CancellationToken.None);
        await Eventually(() => service.Passes >= 1, "the first pass");
        await Task.Delay(50); // let the loop start its sleep before the clock moves

        time.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(100);
        Assert.Equal(1, service.Passes);

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually(() => service.Passes >= 2, "the pass at its time");
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pass_that_throws_is_retried()
    {
        var time = new FakeTimeProvider(Start);
        using var service = new ScriptedService(time, [null], failFirst: true);
        await service.StartAsync(CancellationToken.None);
        await Eventually(() => service.Passes >= 1, "the failing pass");

        // The retry waits a second on the loop's clock; the clock moves until the retry has run, since the
        // loop may start its wait only after a first move.
        for (var i = 0; i < 100 && service.Passes < 2; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.True(service.Passes >= 2, "the failed pass was retried");
        await service.StopAsync(CancellationToken.None);
    }

    /// <summary>A loop whose passes return the scripted due times in turn, then nothing.</summary>
    private sealed class ScriptedService(TimeProvider time, DateTimeOffset?[] script, bool failFirst = false)
        : WakeableService(time, NullLogger.Instance)
    {
        private int passes;

        public int Passes => Volatile.Read(ref passes);

        public void WakeNow() => Wake();

        protected override Task<DateTimeOffset?> RunPassAsync(CommitChanges changes, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref passes);
            if (failFirst && n == 1)
            {
                throw new InvalidOperationException("scripted failure");
            }

            return Task.FromResult(n <= script.Length ? script[n - 1] : null);
        }
    }
}
