namespace NorseAlerts.Runtime.Maintenance;

/// <summary>One audit row of a case: when, who, what kind of change, and its text.</summary>
/// <param name="At">When the change committed.</param>
/// <param name="Actor">Who caused it (an API key name, an acknowledger, <c>scheduler</c>).</param>
/// <param name="Kind">The effect kind, e.g. <c>event-applied</c>, <c>alert-acknowledged</c>.</param>
/// <param name="Detail">The effect's description.</param>
public sealed record AuditRow(DateTimeOffset At, string Actor, string Kind, string Detail);
