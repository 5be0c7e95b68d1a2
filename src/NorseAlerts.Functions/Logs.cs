using Microsoft.Extensions.Logging;

namespace NorseAlerts.Functions;

/// <summary>
/// The Functions app's log messages with fixed event ids, so hospital IT can alert on them. They carry instance ids
/// (keyed hashes), case ids, page ids and counts, never a patient key or a name. The orchestrator writes them through
/// its replay-safe logger, so a step replayed by the engine does not log again.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Case {CaseId}: {Effects}")]
    public static partial void CaseDecided(ILogger logger, string caseId, string effects);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Instance {InstanceId} ignored a malformed raised signal: {Reason}")]
    public static partial void SignalMalformed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Instance {InstanceId}: held event {Source}/{Id} ({Type}) dropped: no onset within {After} of its arrival")]
    public static partial void HeldEventExpired(ILogger logger, string instanceId, string source, string id, string type, TimeSpan after);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Instance {InstanceId}: {Count} signal(s) for other instances not delivered yet; retrying later")]
    public static partial void SignalsNotDelivered(ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Instance {InstanceId}: page {MessageId} not published yet; retrying later")]
    public static partial void PageNotPublished(ILogger logger, string instanceId, string messageId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Instance {InstanceId} (case {CaseId}): {Stalled} page(s) owed beyond the {Margin} margin, the oldest due at {OldestDue}")]
    public static partial void PagesStalled(ILogger logger, string instanceId, string? caseId, int stalled, TimeSpan margin, DateTimeOffset? oldestDue);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Instance {InstanceId}: page {MessageId} went out, but its alert and case were not filed in the task hub's index; look-ups read every patient until they are")]
    public static partial void IndexNotWritten(ILogger logger, string instanceId, string messageId, Exception error);
}
