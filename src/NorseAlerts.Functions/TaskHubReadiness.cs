using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Messaging;

namespace NorseAlerts.Functions;

/// <summary>
/// What <c>/readyz</c> checks on Azure: the task hub answers a cheap durable client query (one instance look-up),
/// no patient's orchestration has failed (<c>scheduler</c>: a failed instance holds timers that no longer fire, the
/// Azure counterpart of the embedded watchdog's past-due timers), no patient owes a page beyond
/// <see cref="PatientLoopOptions.StalledPageMargin"/> (<c>outbox</c>: the counterpart of the embedded watchdog's owed
/// pages), and the configured Service Bus link is connected. Any of them failing makes the app not ready (<c>503</c>).
/// </summary>
public sealed class TaskHubReadiness
{
    /// <summary>How long the task hub may take to answer before it counts as not answering.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An instance id no patient has (patient ids are hex digests), looked up only to see the hub answer.</summary>
    private const string ProbeInstanceId = "norsealerts-readiness-probe";

    private readonly IReadOnlyList<IBrokerStatus> brokers;
    private readonly TimeProvider time;
    private readonly TimeSpan stalledPageMargin;

    /// <summary>The checks over the configured broker links (the app registers the Service Bus one) and the patients' loop.</summary>
    public TaskHubReadiness(IEnumerable<IBrokerStatus> brokers, TimeProvider time, PatientLoop loop)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        ArgumentNullException.ThrowIfNull(loop);
        this.brokers = [.. brokers];
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        stalledPageMargin = loop.Options.StalledPageMargin;
    }

    /// <summary>The readiness of the app with the task hub of <paramref name="client"/>.</summary>
    public async Task<ReadinessReport> CheckAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var checks = new Dictionary<string, ReadinessCheck>(StringComparer.Ordinal)
        {
            ["taskHub"] = await TaskHubAsync(client, cancellationToken),
            ["scheduler"] = await SchedulerAsync(client, cancellationToken),
            ["outbox"] = await OutboxAsync(client, cancellationToken),
            ["broker"] = Broker(),
        };
        return ReadinessReport.Of(checks);
    }

    private async Task<ReadinessCheck> TaskHubAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, cancellationToken)
                .WaitAsync(ProbeTimeout, time, cancellationToken);
            return ReadinessCheck.Passing($"task hub {client.Name} answers");
        }
        catch (TimeoutException)
        {
            return ReadinessCheck.Failing($"the task hub did not answer within {ProbeTimeout.TotalSeconds:F0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ReadinessCheck.Failing($"the task hub did not answer ({ex.GetType().Name})");
        }
    }

    /// <summary>How many failed instance ids the <c>scheduler</c> check names (ids are keyed hashes, never a patient).</summary>
    public const int FailedNamed = 3;

    // The engine fires durable timers; what it cannot fire are the timers of an instance that failed (a protocol
    // version no longer loaded, a decision that threw). Such an instance waits for the patient's next event, so its
    // deadlines stay silent until then: the status filter is answered by the task hub's own index.
    private static Task<ReadinessCheck> SchedulerAsync(DurableTaskClient client, CancellationToken cancellationToken) =>
        ListingAsync("failed instances", async token =>
        {
            var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed], FetchInputsAndOutputs = false, PageSize = 100 };
            var failed = new List<string>();
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(token))
            {
                if (instance.Name == PatientOrchestrator.Name)
                {
                    failed.Add(instance.InstanceId);
                }
            }

            if (failed.Count == 0)
            {
                return ReadinessCheck.Passing("no patient orchestration has failed");
            }

            var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["failedInstances"] = failed.Count };
            return ReadinessCheck.Failing(
                $"{failed.Count} patient orchestration(s) failed; their deadlines do not fire until they run again "
                + $"(instances {Named(failed, FailedNamed)}; see the failure details in the task hub)",
                data);
        }, cancellationToken);

    /// <summary>How many instance ids with stalled pages the <c>outbox</c> check names.</summary>
    public const int StalledNamed = 3;

    // A page owed beyond the margin: the broker refused it for that long, or the instance stopped running with it
    // unsent. Read from each patient's custom status, as PatientInstances.StalledAsync lists them.
    private Task<ReadinessCheck> OutboxAsync(DurableTaskClient client, CancellationToken cancellationToken) =>
        ListingAsync("owed pages", async token =>
        {
            var stalled = await PatientInstances.StalledAsync(client, time.GetUtcNow(), stalledPageMargin, token);
            if (stalled.Count == 0)
            {
                return ReadinessCheck.Passing($"no page owed beyond {stalledPageMargin}");
            }

            var pages = stalled.Sum(s => s.Status.UnsentPages);
            var oldest = stalled.Select(s => s.Status.OldestUnsentPageAt).Min();
            var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["stalledInstances"] = stalled.Count, ["unsentPages"] = pages };
            if (oldest is { } at)
            {
                data["oldestUnsentPageAt"] = at;
            }

            return ReadinessCheck.Failing(
                $"{stalled.Count} patient(s) owe {pages} page(s) beyond {stalledPageMargin} "
                + $"(instances {Named([.. stalled.Select(s => s.InstanceId)], StalledNamed)})",
                data);
        }, cancellationToken);

    // The first ids of a list, and "..." when there are more.
    private static string Named(List<string> ids, int shown) =>
        string.Join(", ", ids.Take(shown)) + (ids.Count > shown ? ", ..." : "");

    // A check that lists instances through the task hub, within ProbeTimeout: a hub that does not answer in time, or
    // fails, makes the check fail with what it could not list.
    private static async Task<ReadinessCheck> ListingAsync(string what, Func<CancellationToken, Task<ReadinessCheck>> list, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            return await list(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ReadinessCheck.Failing($"the task hub did not list {what} within {ProbeTimeout.TotalSeconds:F0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessCheck.Failing($"the task hub did not list {what} ({ex.GetType().Name})");
        }
    }

    private ReadinessCheck Broker()
    {
        if (brokers.Count == 0)
        {
            return ReadinessCheck.Failing("no broker configured: pages cannot be published");
        }

        var states = brokers.Select(b => b.Health).ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["endpoint"] = string.Join(", ", states.Select(h => h.Endpoint)) };
        var description = string.Join("; ", states.Select(Describe));
        return states.All(h => h.IsConnected) ? ReadinessCheck.Passing(description, data) : ReadinessCheck.Failing(description, data);
    }

    private static string Describe(BrokerHealth h) =>
        h.IsConnected ? "connected" : $"{h.State.ToString().ToLowerInvariant()}{(h.LastError is null ? "" : ": " + h.LastError)}";
}
