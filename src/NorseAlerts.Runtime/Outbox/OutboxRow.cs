using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Runtime.Outbox;

/// <summary>
/// A page in the outbox: its commit-ordered sequence number, identity, JSON and delivery attempts. A row the
/// writer hands over right after its commit also carries the <see cref="Pathway.Alerts.Page"/> itself.
/// </summary>
internal sealed record OutboxRow(long Seq, string MessageId, string CaseId, string Json, int Attempts, DateTimeOffset NextAttemptAt, Page? Page = null);
