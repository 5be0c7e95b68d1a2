using Microsoft.Extensions.Logging;

namespace NorseAlerts.Runtime;

/// <summary>
/// The runtime's log messages with fixed event ids, so hospital IT can alert on them. They carry case ids,
/// counts and reasons (a held event by its source, id and type), never a patient key or a name.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Commit of {Count} work items failed; every caller gets the error")]
    public static partial void CommitFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "The store cannot be written ({Reason}); {Count} work items refused, nothing stored; the writer reopens its connection on the next write")]
    public static partial void StoreUnavailable(ILogger logger, string reason, int count, Exception error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "The store is written again")]
    public static partial void StoreRecovered(ILogger logger);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Copying the write-ahead log into the database file failed ({Error}: {Message}); commits go on into the log, and the copy is tried again after the next commit")]
    public static partial void CheckpointFailed(ILogger logger, string error, string message);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "The write-ahead log is copied into the database file again")]
    public static partial void CheckpointRecovered(ILogger logger);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Deciding an ingest outside the writer failed; the writer decides it itself")]
    public static partial void IngestPlanFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Event accepted for case {CaseId}")]
    public static partial void EventAccepted(ILogger logger, string caseId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Timers of case {CaseId} failed; retrying in {Retry}")]
    public static partial void TimersFailed(ILogger logger, string caseId, TimeSpan retry, Exception error);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "{Service} pass failed; retrying in a second")]
    public static partial void PassFailed(ILogger logger, string service, Exception error);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Publishing page {MessageId} of case {CaseId} failed (attempt {Attempt}): {Error}; retry at {RetryAt:O}")]
    public static partial void PublishFailed(ILogger logger, string messageId, string caseId, int attempt, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Page {MessageId} for case {CaseId}: {Kind} level {Level} to {RecipientRole} (no broker configured)")]
    public static partial void PageLogged(ILogger logger, string messageId, string caseId, string kind, int level, string recipientRole);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Scheduler stall: the earliest timer (case {CaseId}) is {Late} past due, beyond the {Margin} margin; the last scheduler pass finished at {LastPass}; forcing a pass")]
    public static partial void SchedulerStalled(ILogger logger, string caseId, TimeSpan late, TimeSpan margin, string lastPass);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Scheduler still stalled after a forced wake; the watchdog fires due timers itself")]
    public static partial void SchedulerHealing(ILogger logger);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Scheduler caught up: no timer is past due beyond the margin")]
    public static partial void SchedulerRecovered(ILogger logger);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error, Message = "Outbox stall: page {MessageId} of case {CaseId} is owed {Late} past its attempt time, beyond the {Margin} margin; forcing a dispatch")]
    public static partial void OutboxStalled(ILogger logger, string messageId, string caseId, TimeSpan late, TimeSpan margin);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "Outbox still stalled after a forced wake; the watchdog dispatches itself")]
    public static partial void OutboxHealing(ILogger logger);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Outbox caught up: no page is owed beyond the margin")]
    public static partial void OutboxRecovered(ILogger logger);

    [LoggerMessage(EventId = 1120, Level = LogLevel.Error, Message = "Watchdog check failed; retrying at the next interval")]
    public static partial void WatchdogFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Held event {Source}/{Id} ({Type}) dropped: no onset within {After} of its arrival")]
    public static partial void HeldEventExpired(ILogger logger, string source, string id, string type, TimeSpan after);
}
