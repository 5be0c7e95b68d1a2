using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Functions;

/// <summary>
/// One orchestration per patient (instance id <c>Ids.Patient(patientKey)</c>). Each execution takes one step:
/// it applies its start signal, or waits for the next raised signal or the next wake-up (cancelling the loser),
/// hands it to the pure <see cref="PatientLoop"/>, publishes the pages it owes, and then continues as new with
/// the run as input (raised signals not yet processed are carried over). So the current execution's input is
/// always the case as of its last step: that is the read model the HTTP functions query, history stays a few
/// events long, and nothing waits on a durable entity. A closed case with no page owed ends the instance,
/// whose output is the final run. Nothing here reads a clock or does I/O.
/// <para>
/// A <c>patient.merged</c> is a conversation between two instances, each step durable in its own history: the
/// surviving instance asks the merged-away one for its record (<see cref="DeliverSignalActivity"/>), the merged-away
/// one closes as merged and hands its record back the same way, and the survivor folds it in as one batch. The
/// merged-away instance stays as the alias: it forwards whatever still reaches the old patient key.
/// </para>
/// </summary>
public sealed class PatientOrchestrator
{
    /// <summary>The orchestrator function name.</summary>
    public const string Name = "PatientCase";

    private readonly PatientLoop loop;

    /// <summary>The orchestrator over the shared loop.</summary>
    public PatientOrchestrator(PatientLoop loop) => this.loop = loop ?? throw new ArgumentNullException(nameof(loop));

    /// <summary>Runs one step of the loop; returns the final run when the case is closed with no page owed.</summary>
    [Function(Name)]
    public async Task<PatientRun> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<PatientRun>()
            ?? throw new InvalidOperationException("the patient orchestration needs a PatientRun input");
        context.SetCustomStatus(loop.Status(run, Now(context)));

        // No raised signal means the wake-up came first.
        var raised = run.First ?? await NextSignalAsync(context, run);
        run = raised is null ? Logged(context, loop.Wake(run, Now(context))).Run : Step(context, run, raised);

        run = await DeliverOwedAsync(context, run);
        run = await PublishOwedAsync(context, run);
        SetStatus(context, run);
        if (PatientLoop.IsFinished(run))
        {
            return run;
        }

        context.ContinueAsNew(PatientLoop.Restarted(run), preserveUnprocessedEvents: true);
        return run;
    }

    private static async Task<RaisedSignal?> NextSignalAsync(TaskOrchestrationContext context, PatientRun run)
    {
        using var eventCancel = new CancellationTokenSource();
        var raised = context.WaitForExternalEvent<RaisedSignal>(RaisedSignal.EventName, eventCancel.Token);
        if (PatientLoop.NextWakeAt(run) is not { } wakeAt)
        {
            return await raised;
        }

        using var timerCancel = new CancellationTokenSource();
        var timer = context.CreateTimer(wakeAt.UtcDateTime, timerCancel.Token);
        var winner = await Task.WhenAny(raised, timer);
        if (winner == raised)
        {
            // A pending durable timer would keep the instance "Running" after it completes.
            timerCancel.Cancel();
            return await raised;
        }

        eventCancel.Cancel();
        return null;
    }

    private PatientRun Step(TaskOrchestrationContext context, PatientRun run, RaisedSignal raised)
    {
        PatientStep step;
        try
        {
            step = Logged(context, loop.Receive(run, raised, Now(context), context.InstanceId));
        }
        catch (InvalidOperationException e) when (e is not ProtocolChangedException)
        {
            // A malformed envelope is dropped. A protocol edited under a version the case pinned is not: the
            // orchestration fails with it, as the embedded host refuses the ingest, so an operator sees it.
            Logs.SignalMalformed(Log(context), context.InstanceId, e.Message);
            return run with { First = null };
        }

        foreach (var decided in step.Decision.AndEarlier().Where(d => d.Changed))
        {
            if (decided.State.CaseId is { } caseId)
            {
                Logs.CaseDecided(Log(context), caseId, string.Join("; ", decided.Effects.Select(e => e.Describe())));
            }
        }

        return step.Run;
    }

    // The audit of a dropped held event on Azure: source, id and type, never the patient key.
    private static PatientStep Logged(TaskOrchestrationContext context, PatientStep step)
    {
        foreach (var expired in step.Expired)
        {
            Logs.HeldEventExpired(Log(context), context.InstanceId, expired.Source, expired.Id, expired.Type, expired.After);
        }

        return step;
    }

    private async Task<PatientRun> DeliverOwedAsync(TaskOrchestrationContext context, PatientRun run)
    {
        var options = TaskOptions.FromRetryPolicy(RetryPolicy());
        while (run.Outgoing.Count > 0)
        {
            try
            {
                await context.CallActivityAsync<string>(DeliverSignalActivity.Name, run.Outgoing[0], options);
                run = PatientLoop.Delivered(run);
            }
            catch (TaskFailedException)
            {
                Logs.SignalsNotDelivered(Log(context), context.InstanceId, run.Outgoing.Count);
                return loop.PublishFailed(run, Now(context));
            }
        }

        return run;
    }

    private async Task<PatientRun> PublishOwedAsync(TaskOrchestrationContext context, PatientRun run)
    {
        // Retries inside one attempt cover a broker blip; a longer outage falls back to the loop's own retry
        // wake-up (PatientLoopOptions.PublishRetryDelay), so a page is delayed, never dropped. The message id is
        // deterministic, so a retry after a lost reply is dropped by Service Bus duplicate detection.
        var options = TaskOptions.FromRetryPolicy(RetryPolicy());
        foreach (Page page in run.Unsent.ToList())
        {
            try
            {
                await context.CallActivityAsync(PublishAlertActivity.Name, page, options);
                run = PatientLoop.Published(run, page);
            }
            catch (TaskFailedException)
            {
                Logs.PageNotPublished(Log(context), context.InstanceId, page.MessageId);
                return loop.PublishFailed(run, Now(context));
            }
        }

        return run;
    }

    private RetryPolicy RetryPolicy() => new(
        maxNumberOfAttempts: loop.Options.PublishAttempts,
        firstRetryInterval: loop.Options.PublishFirstRetry,
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(30));

    /// <summary>Sets the status after a step and reports a stall (once per step, replay-safe) for the operator's logs.</summary>
    private void SetStatus(TaskOrchestrationContext context, PatientRun run)
    {
        var status = loop.Status(run, Now(context));
        context.SetCustomStatus(status);
        if (status.StalledPages > 0)
        {
            Logs.PagesStalled(Log(context), context.InstanceId, status.CaseId, status.StalledPages, loop.Options.StalledPageMargin, status.OldestUnsentPageAt);
        }
    }

    // Writes nothing while the engine replays, so each step logs once however often its history is replayed.
    private static ILogger Log(TaskOrchestrationContext context) => context.CreateReplaySafeLogger<PatientOrchestrator>();

    private static DateTimeOffset Now(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
