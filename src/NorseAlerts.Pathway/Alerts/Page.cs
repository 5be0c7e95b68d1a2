namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// One page to send: an alert at one level and repeat. <see cref="MessageId"/> is deterministic, so a
/// retried publish is dropped by Service Bus duplicate detection and by consumers.
/// </summary>
/// <param name="MessageId">alertId:level:repeat.</param>
/// <param name="Alert">The alert as it stood when the page was decided.</param>
public sealed record Page(string MessageId, Alert Alert)
{
    /// <summary>The deterministic message id of a page.</summary>
    public static string IdFor(string alertId, int level, int repeat) => $"{alertId}:{level}:{repeat}";
}
