using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;
using NorseAlerts.Messaging;

namespace NorseAlerts.Functions;

/// <summary>
/// What <c>/readyz</c> checks on Azure: the task hub answers a cheap durable client query (one instance look-up),
/// and the configured Service Bus link is connected. Either failing makes the app not ready (<c>503</c>).
/// </summary>
public sealed class TaskHubReadiness
{
    /// <summary>How long the task hub may take to answer before it counts as not answering.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An instance id no patient has (patient ids are hex digests), looked up only to see the hub answer.</summary>
    private const string ProbeInstanceId = "norsealerts-readiness-probe";

    private readonly IReadOnlyList<IBrokerStatus> brokers;
    private readonly TimeProvider time;

    /// <summary>The checks over the configured broker links (the app registers the Service Bus one).</summary>
    public TaskHubReadiness(IEnumerable<IBrokerStatus> brokers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        this.brokers = [.. brokers];
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The readiness of the app with the task hub of <paramref name="client"/>.</summary>
    public async Task<ReadinessReport> CheckAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var checks = new Dictionary<string, ReadinessCheck>(StringComparer.Ordinal)
        {
            ["taskHub"] = await TaskHubAsync(client, cancellationToken),
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
