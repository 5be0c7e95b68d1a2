using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Runtime.Storage;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests.Scheduling;

/// <summary>
/// The interleavings of a scheduler pass with the writer's clock and commits, driven deterministically: the
/// writer and the scheduler read two clocks that the test moves, so "the pass ran at W, its sleep is computed
/// at S" is set exactly instead of hoped for.
/// </summary>
public sealed class SchedulerInterleavingTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "norse-int-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider writerClock = new(Start);
    private Database database = null!;
    private Writer writer = null!;
    private CaseEngine engine = null!;

    public Task InitializeAsync()
    {
        var options = new RuntimeOptions { DataDirectory = dataDirectory };
        database = new Database(options);
        writer = new Writer(database, writerClock, options, NullLogger<Writer>.Instance);
        engine = new CaseEngine(new CasePathway(new ProtocolCatalog(), new PathwayOptions { AckTimeout = TimeSpan.FromDays(30) }), writer, NullLogger<CaseEngine>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Theory]
    [InlineData(1)] // the stall of issue 8: the sleep came out as exactly -1 ms, Timeout.InfiniteTimeSpan
    [InlineData(2)]
    [InlineData(7)]
    public async Task A_deadline_that_falls_due_while_a_pass_is_finishing_still_fires(int millisecondsPastDue)
    {
        // The timer is due 1 ms after the pass's transaction reads the clock, and already past due (by the
        // given amount) when the scheduler computes how long to sleep.
        var due = await OpenCaseDueAt(Start.AddHours(1));
        writerClock.SetUtcNow(due - TimeSpan.FromMilliseconds(1));
        var schedulerClock = new OffsetTimeProvider(writerClock, TimeSpan.FromMilliseconds(1 + millisecondsPastDue));
        using var scheduler = Scheduler(schedulerClock);
        await scheduler.StartAsync(CancellationToken.None);
        // The first pass saw the deadline not yet due; a second one shows the loop did not fall asleep for good.
        await Eventually(() => scheduler.PassesStarted >= 2, "a pass after the one that saw the deadline not yet due");
        Assert.Empty(new CaseQueries(database).ListAlerts(null, null));

        writerClock.Advance(TimeSpan.FromMilliseconds(1));

        await Eventually(() => Raised(AlertKind.FirstLineDueSoon) == 1, "the due-soon alert");
        await scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_timer_committed_inside_the_transaction_of_a_pass_is_not_lost()
    {
        writerClock.SetUtcNow(Start);
        using var scheduler = Scheduler(writerClock);
        await scheduler.StartAsync(CancellationToken.None);
        await Eventually(() => scheduler.LastPassAt is not null && scheduler.SleepingUntil is null, "the first, idle pass");
        var before = scheduler.PassesStarted;

        // Hold the writer, let a pass queue its transaction behind the gate, then queue an onset behind it: both
        // commit in one group, so the timer lands while the pass is still running.
        using var gate = new ManualResetEventSlim();
        var held = writer.RunAsync(_ => gate.Wait(TimeSpan.FromSeconds(10)));
        scheduler.Wake();
        await Eventually(() => scheduler.PassesStarted > before, "the woken pass");
        await Task.Delay(50);
        var onset = OpenCaseDueAt(Start.AddMinutes(30));
        gate.Set();
        await held;
        await onset;

        await Eventually(() => scheduler.SleepingUntil == Start.AddMinutes(30), "the scheduler sleeping towards the new timer");
        writerClock.Advance(TimeSpan.FromMinutes(30));
        await Eventually(() => Raised(AlertKind.FirstLineDueSoon) == 1, "the alert of the timer committed during the pass");
        await scheduler.StopAsync(CancellationToken.None);
    }

    private DeadlineScheduler Scheduler(TimeProvider clock) =>
        new(database, writer, engine, clock, new RuntimeOptions { DataDirectory = dataDirectory }, NullLogger<DeadlineScheduler>.Instance);

    private int Raised(AlertKind kind) => new CaseQueries(database).ListAlerts(null, null).Count(a => a.Kind == kind);

    /// <summary>Opens a case whose first-line due-soon timer falls due at <paramref name="due"/> (seed protocol).</summary>
    private async Task<DateTimeOffset> OpenCaseDueAt(DateTimeOffset due)
    {
        var firstLine = new ProtocolCatalog().Get(ProtocolCatalog.Seed).FirstLine;
        var onset = due - (firstLine.Window.AsDuration - firstLine.DueSoonLead.AsDuration);
        await engine.IngestAsync([Event(EventTypes.RseOnset, onset, patient: "P-" + Guid.NewGuid().ToString("N"))], "test");
        return due;
    }
}

/// <summary>A clock that reads another clock plus a fixed offset and shares its timers.</summary>
internal sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
