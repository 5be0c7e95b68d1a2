using Microsoft.Azure.Functions.Worker;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Functions;

/// <summary>
/// Sends one page to the escalations topic through NorseAlerts.Messaging. The page's message id is
/// deterministic, so an activity retried after a lost reply is dropped by Service Bus duplicate detection.
/// </summary>
public sealed class PublishAlertActivity
{
    /// <summary>The activity function name.</summary>
    public const string Name = "PublishAlert";

    private readonly IAlertPublisher publisher;

    /// <summary>The activity over the configured publisher.</summary>
    public PublishAlertActivity(IAlertPublisher publisher) =>
        this.publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));

    /// <summary>Publishes <paramref name="page"/>; throws on failure so the orchestrator's retry policy applies.</summary>
    [Function(Name)]
    public Task RunAsync([ActivityTrigger] Page page, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PublishAsync(page, context.CancellationToken);
    }

    /// <summary>The activity's work, for hosts of the Durable engine outside Functions (the in-process test engine).</summary>
    public Task PublishAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        return publisher.PublishAsync(page, cancellationToken);
    }
}
