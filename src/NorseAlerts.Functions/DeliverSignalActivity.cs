using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using NorseAlerts.Hosting;

namespace NorseAlerts.Functions;

/// <summary>
/// Delivers a signal one patient's orchestration owes another (a merge request, a handover, a forwarded event) with
/// signal-with-start through the durable client: an orchestration cannot look up or start another instance itself,
/// and the receiving instance may be missing or finished. Every such signal is idempotent at the receiver, so a
/// retried delivery changes nothing.
/// </summary>
public sealed class DeliverSignalActivity
{
    /// <summary>The activity function name.</summary>
    public const string Name = "DeliverSignal";

    private readonly PatientIds ids;

    /// <summary>The activity over this deployment's instance ids.</summary>
    public DeliverSignalActivity(PatientIds ids) => this.ids = ids ?? throw new ArgumentNullException(nameof(ids));

    /// <summary>Delivers <paramref name="routed"/>; returns the receiving instance's id. Throws on failure so the orchestrator retries.</summary>
    [Function(Name)]
    public Task<string> RunAsync([ActivityTrigger] RoutedSignal routed, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DeliverAsync(client, routed, context.CancellationToken);
    }

    /// <summary>The activity's work, for hosts of the Durable engine outside Functions (the in-process test engine).</summary>
    public Task<string> DeliverAsync(DurableTaskClient client, RoutedSignal routed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(routed);
        return new PatientInstances(client, ids).DeliverAsync(routed, cancellationToken);
    }
}
