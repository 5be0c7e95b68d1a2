using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Functions;

/// <summary>
/// One orchestration per patient (instance id <c>Ids.Patient(patientKey)</c>): waits for the next signal or the
/// next wake-up, hands it to the pure <see cref="PatientLoop"/>, publishes the pages it owes and shows a
/// PHI-free custom status. Every decision is the loop's; this class only translates it into Durable calls.
/// Nothing here reads a clock (only <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>) or does I/O.
/// </summary>
public sealed class PatientOrchestrator
{
    /// <summary>The orchestrator function name.</summary>
    public const string Name = "PatientCase";

    // Publishing retries inside one attempt cover a broker blip; a longer outage falls back to the loop's own
    // retry wake-up (PatientLoopOptions.PublishRetryDelay), so a page is delayed, never dropped.
    private static readonly TaskOptions PublishOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(30)));

    private readonly PatientLoop loop;

    /// <summary>The orchestrator over the shared loop.</summary>
    public PatientOrchestrator(PatientLoop loop) => this.loop = loop ?? throw new ArgumentNullException(nameof(loop));

    /// <summary>Runs the loop until the case is closed with no page owed; returns the final case.</summary>
    [Function(Name)]
    public async Task<CaseState> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<PatientRun>()
            ?? throw new InvalidOperationException("the patient orchestration needs a PatientRun input");

        if (run.First is { } first)
        {
            run = await StepAsync(context, run, first.ToSignal());
        }

        while (!PatientLoop.IsFinished(run))
        {
            if (loop.ShouldContinueAsNew(run))
            {
                // Unprocessed raised signals are carried into the new execution (preserveUnprocessedEvents).
                context.ContinueAsNew(PatientLoop.Restarted(run));
                return run.State;
            }

            var signal = await NextSignalAsync(context, run);
            if (signal is not null)
            {
                run = await StepAsync(context, run, signal);
            }
        }

        return run.State;
    }

    private static async Task<Signal?> NextSignalAsync(TaskOrchestrationContext context, PatientRun run)
    {
        using var eventCancel = new CancellationTokenSource();
        var raised = context.WaitForExternalEvent<RaisedSignal>(RaisedSignal.EventName, eventCancel.Token);
        if (PatientLoop.NextWakeAt(run) is not { } wakeAt)
        {
            return Unwrap(context, await raised);
        }

        using var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(wakeAt.UtcDateTime, timerCancel.Token);
        var winner = await Task.WhenAny(raised, timer);
        if (winner == raised)
        {
            // A pending durable timer would keep the instance "Running" after it completes.
            timerCancel.Cancel();
            return Unwrap(context, await raised);
        }

        eventCancel.Cancel();
        return new Tick();
    }

    private static Signal? Unwrap(TaskOrchestrationContext context, RaisedSignal raised)
    {
        try
        {
            return raised.ToSignal();
        }
        catch (InvalidOperationException e)
        {
            context.CreateReplaySafeLogger<PatientOrchestrator>()
                .LogWarning("Instance {InstanceId} ignored a malformed raised signal: {Reason}", context.InstanceId, e.Message);

            return null;
        }
    }

    private async Task<PatientRun> StepAsync(TaskOrchestrationContext context, PatientRun run, Signal signal)
    {
        var now = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
        var step = loop.Apply(run, signal, now);
        run = step.Run;

        if (run.State.CaseId is { } caseId)
        {
            foreach (var alertId in step.RaisedAlertIds)
            {
                await context.Entities.SignalEntityAsync(
                    AlertRouteEntity.IdFor(alertId), nameof(AlertRouteEntity.Set), new AlertRoute { InstanceId = context.InstanceId, CaseId = caseId });
            }

            if (step.CaseChanged)
            {
                await context.Entities.SignalEntityAsync(
                    CaseRecordEntity.IdFor(caseId), nameof(CaseRecordEntity.Set), new CaseRecord { InstanceId = context.InstanceId, Case = CaseDetail.From(run.State) });
            }

            if (step.Decision.Changed)
            {
                context.CreateReplaySafeLogger<PatientOrchestrator>().LogInformation("Case {CaseId}: {Effects}", caseId, string.Join("; ", step.Decision.Effects.Select(e => e.Describe())));
            }
        }

        run = await PublishOwedAsync(context, run, now);
        context.SetCustomStatus(PatientLoop.Status(run));
        return run;
    }

    private async Task<PatientRun> PublishOwedAsync(TaskOrchestrationContext context, PatientRun run, DateTimeOffset now)
    {
        foreach (Page page in run.Unsent.ToList())
        {
            try
            {
                await context.CallActivityAsync(PublishAlertActivity.Name, page, PublishOptions);
                run = PatientLoop.Published(run, page);
            }
            catch (TaskFailedException)
            {
                context.CreateReplaySafeLogger<PatientOrchestrator>()
                    .LogWarning("Instance {InstanceId}: page {MessageId} not published yet; retrying later", context.InstanceId, page.MessageId);

                return loop.PublishFailed(run, now);
            }
        }

        return run;
    }
}
