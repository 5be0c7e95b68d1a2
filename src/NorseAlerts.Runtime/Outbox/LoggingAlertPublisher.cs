using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Runtime.Outbox;

/// <summary>
/// The publisher of the embedded default (no broker configured): pages stay in the store and the API,
/// and the log notes each one by case id and message id, never by patient.
/// </summary>
public sealed class LoggingAlertPublisher(ILogger<LoggingAlertPublisher> logger) : IAlertPublisher
{
    /// <inheritdoc />
    public Task PublishAsync(Page page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        Logs.PageLogged(logger, page.MessageId, page.Alert.CaseId, page.Alert.Kind.Name, page.Alert.Level, page.Alert.RecipientRole);
        return Task.CompletedTask;
    }
}
