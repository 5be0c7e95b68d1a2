using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Runtime.Outbox;

/// <summary>
/// A page in the outbox: its commit-ordered sequence number, identity, JSON and delivery attempts. A row the
/// writer hands over right after its commit also carries the <see cref="Pathway.Alerts.Page"/> itself.
/// </summary>
/// <param name="Seq">Its place in commit order.</param>
/// <param name="MessageId">The deterministic message id (alert, level, repeat).</param>
/// <param name="CaseId">The case it pages for.</param>
/// <param name="Json">The page as stored.</param>
/// <param name="Attempts">Failed delivery attempts so far.</param>
/// <param name="NextAttemptAt">When it may be tried next.</param>
/// <param name="Page">The page itself, when handed over at commit (null when read from the store).</param>
public sealed record OutboxRow(long Seq, string MessageId, string CaseId, string Json, int Attempts, DateTimeOffset NextAttemptAt, Page? Page = null);
