using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Functions;

/// <summary>
/// Sends one page to the escalations topic through NorseAlerts.Messaging, then files its alert and case in the task
/// hub's index (<see cref="IndexEntry"/>) under the patient instance that owes the page, so the ack that answers the
/// page finds its instance at once. The index only speeds look-ups up: a page that went out counts as published even
/// when its entries could not be written. The page's message id is deterministic, so an activity retried after a lost
/// reply is dropped by Service Bus duplicate detection.
/// </summary>
public sealed class PublishAlertActivity
{
    /// <summary>The activity function name.</summary>
    public const string Name = "PublishAlert";

    // The binding data key under which the Durable extension passes an activity its orchestration's instance id.
    private const string InstanceIdBinding = "instanceId";

    private readonly IAlertPublisher publisher;
    private readonly PatientIds ids;
    private readonly ILogger logger;

    /// <summary>The activity over the configured publisher and this deployment's instance ids.</summary>
    public PublishAlertActivity(IAlertPublisher publisher, PatientIds ids, ILogger<PublishAlertActivity> logger)
    {
        this.publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        this.ids = ids ?? throw new ArgumentNullException(nameof(ids));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Publishes <paramref name="page"/>; throws on failure so the orchestrator's retry policy applies.</summary>
    [Function(Name)]
    public Task RunAsync([ActivityTrigger] Page page, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Without the instance id (a Functions runtime that does not pass it) the page still goes out; the look-ups
        // then find the alert by reading every patient, and index it then.
        var instanceId = context.BindingContext.BindingData.TryGetValue(InstanceIdBinding, out var bound) ? bound as string : null;
        return PublishAsync(page, instanceId is null ? null : (client, instanceId), context.CancellationToken);
    }

    /// <summary>
    /// The activity's work, for hosts of the Durable engine outside Functions (the in-process test engine): publishes
    /// <paramref name="page"/>, then, given the task hub's client and the publishing instance, indexes its alert and case.
    /// </summary>
    public async Task PublishAsync(Page page, (DurableTaskClient Client, string InstanceId)? publishedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await publisher.PublishAsync(page, cancellationToken);
        if (publishedBy is not { } by)
        {
            return;
        }

        var (client, instanceId) = by;
        try
        {
            var instances = new PatientInstances(client, ids);
            await instances.IndexAsync(page.Alert.AlertId, instanceId, cancellationToken);
            await instances.IndexAsync(page.Alert.CaseId, instanceId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The page is out: failing now would have the orchestrator count it unsent and send it again.
            Logs.IndexNotWritten(logger, instanceId, page.MessageId, e);
        }
    }
}
