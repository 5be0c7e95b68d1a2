namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// The port through which hosts deliver pages (Service Bus over AMQP, or a log in the embedded default).
/// Implementations must be safe to call again with the same page: the outbox retries until it succeeds.
/// </summary>
public interface IAlertPublisher
{
    /// <summary>Sends <paramref name="page"/>; throws on failure so that the caller retries.</summary>
    Task PublishAsync(Page page, CancellationToken cancellationToken);
}
