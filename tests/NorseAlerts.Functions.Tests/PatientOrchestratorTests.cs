using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using Xunit;
using PathwayCore = NorseAlerts.Pathway.Pathway;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// The orchestrator loop against a mocked <see cref="TaskOrchestrationContext"/>, in the style of Microsoft's
/// isolated Durable unit-test sample: the context hands out timers and raised events, and the test checks what
/// the orchestrator asked of it.
/// </summary>
public class PatientOrchestratorTests
{
    private const string PatientKey = "GENH:00123456";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };
    private readonly Mock<TaskOrchestrationEntityFeature> entities = new();
    private readonly List<Page> published = [];
    private readonly List<CancellationToken> timerTokens = [];
    private readonly List<CancellationToken> eventTokens = [];
    private DateTime now = T0.UtcDateTime;

    public PatientOrchestratorTests()
    {
        context.SetupGet(c => c.InstanceId).Returns(NorseAlerts.Pathway.Ids.Patient(PatientKey));
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        context.SetupGet(c => c.Entities).Returns(entities.Object);
        context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        entities
            .Setup(e => e.SignalEntityAsync(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()))
            .Returns(Task.CompletedTask);
        context
            .Setup(c => c.CallActivityAsync(It.Is<TaskName>(n => n.Name == PublishAlertActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => published.Add((Page)input!))
            .Returns(Task.CompletedTask);
    }

    private static PatientLoop Loop(int continueEvery = 50) =>
        new(new PathwayCore(new ProtocolCatalog(), new PathwayOptions()), new PatientLoopOptions { ContinueAsNewEvery = continueEvery });

    private static PatientOrchestrator Orchestrator(int continueEvery = 50) => new(Loop(continueEvery));

    private static ClinicalEvent Event(string type, DateTimeOffset time, string id) => new()
    {
        Source = "/adt/genh",
        Id = id,
        Type = type,
        Time = time,
        Subject = PatientKey,
    };

    private static PatientRun OpenedRun()
    {
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Event(EventTypes.RseOnset, T0, "onset-1")), previous: null);
        return Loop().Apply(start, new EventSignal(Event(EventTypes.RseOnset, T0, "onset-1")), T0).Run with { Signals = 0 };
    }

    private void Input(PatientRun run) => context.Setup(c => c.GetInput<PatientRun>()).Returns(run);

    /// <summary>The raised signals, in order; after the last one the wait never completes.</summary>
    private void Raised(params Func<Task<RaisedSignal>>[] signals)
    {
        var queue = new Queue<Func<Task<RaisedSignal>>>(signals);
        context
            .Setup(c => c.WaitForExternalEvent<RaisedSignal>(RaisedSignal.EventName, It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((_, token) =>
            {
                eventTokens.Add(token);
                return queue.Count > 0 ? queue.Dequeue()() : new TaskCompletionSource<RaisedSignal>().Task;
            });
    }

    /// <summary>The timers, in order: true fires (and moves the clock to its due time), false never fires.</summary>
    private void Timers(params bool[] fires)
    {
        var queue = new Queue<bool>(fires);
        context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>((fireAt, token) =>
            {
                timerTokens.Add(token);
                if (queue.Count > 0 && queue.Dequeue())
                {
                    now = fireAt;
                    return Task.CompletedTask;
                }

                return new TaskCompletionSource().Task;
            });
    }

    private static Func<Task<RaisedSignal>> Now(ClinicalEvent e) => () => Task.FromResult(RaisedSignal.Of(e));

    private static Func<Task<RaisedSignal>> Never() => () => new TaskCompletionSource<RaisedSignal>().Task;

    [Fact]
    public async Task When_the_timer_wins_the_due_alert_is_paged_and_the_event_wait_is_cancelled()
    {
        Input(OpenedRun());
        var closure = Event(EventTypes.NorseRuledOut, T0.AddDays(5), "closure-1");
        Raised(Never(), Now(closure));
        Timers(true, false);

        var final = await Orchestrator().RunAsync(context.Object);

        var page = Assert.Single(published);
        Assert.Equal(AlertKinds.FirstLineDueSoon, page.Alert.Kind);
        Assert.True(eventTokens[0].IsCancellationRequested);
        Assert.Equal(CaseStatus.Closed, final.Status);
        entities.Verify(e => e.SignalEntityAsync(
            AlertRouteEntity.IdFor(page.Alert.AlertId), nameof(AlertRouteEntity.Set), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()));
    }

    [Fact]
    public async Task When_an_event_wins_it_is_applied_and_the_timer_is_cancelled()
    {
        now = T0.AddHours(6).UtcDateTime;
        Input(OpenedRun());
        var firstLine = Event(EventTypes.FirstLineStarted, T0.AddHours(4), "fl-1") with { Agent = Agents.Methylprednisolone };
        var closure = Event(EventTypes.EtiologyIdentified, T0.AddHours(5), "closure-1");
        Raised(Now(firstLine), Now(closure));
        Timers(false, false);

        var final = await Orchestrator().RunAsync(context.Object);

        Assert.True(timerTokens[0].IsCancellationRequested);
        Assert.Contains(final.Events, e => e.Id == "fl-1");
        Assert.Empty(published);
    }

    [Fact]
    public async Task A_closure_ends_the_loop_and_returns_the_closed_case_without_restarting()
    {
        now = T0.AddHours(2).UtcDateTime;
        Input(OpenedRun());
        Raised(Now(Event(EventTypes.PatientDischarged, T0.AddHours(1), "closure-1")));
        Timers(false);

        var final = await Orchestrator().RunAsync(context.Object);

        Assert.Equal(CaseStatus.Closed, final.Status);
        Assert.True(timerTokens.All(t => t.IsCancellationRequested));
        context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Never);
        context.Verify(c => c.SetCustomStatus(It.Is<PatientStatus>(s => s.Status == "closed")));
    }

    [Fact]
    public async Task After_the_configured_number_of_signals_the_loop_continues_as_new_with_its_case()
    {
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Event(EventTypes.RseOnset, T0, "onset-1")), previous: null);
        Input(start);
        Raised();
        Timers();

        await Orchestrator(continueEvery: 1).RunAsync(context.Object);

        context.Verify(c => c.ContinueAsNew(
            It.Is<PatientRun>(r => r.Signals == 0 && r.First == null && r.State.Status == CaseStatus.Active), true));
        context.Verify(c => c.WaitForExternalEvent<RaisedSignal>(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_page_that_cannot_be_published_is_kept_and_retried_on_a_later_wake_up()
    {
        Input(OpenedRun());
        var attempts = 0;
        context
            .Setup(c => c.CallActivityAsync(It.Is<TaskName>(n => n.Name == PublishAlertActivity.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => published.Add((Page)input!))
            .Returns(() => ++attempts == 1
                ? Task.FromException(new TaskFailedException(PublishAlertActivity.Name, 1, new InvalidOperationException("broker down")))
                : Task.CompletedTask);
        var closure = Event(EventTypes.NorseRuledOut, T0.AddDays(5), "closure-1");
        Raised(Never(), Never(), Now(closure));
        Timers(true, true, false);

        await Orchestrator().RunAsync(context.Object);

        Assert.Equal(2, published.Count);
        Assert.Equal(published[0].MessageId, published[1].MessageId);
    }
}
