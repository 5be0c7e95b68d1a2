namespace NorseAlerts.Runtime;

/// <summary>One line of a case's audit trail.</summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Kind, string Detail);
