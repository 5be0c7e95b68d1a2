namespace NorseAlerts.Pathway.Cases;

/// <summary>
/// A wake-up the host must deliver as a <see cref="Tick"/> at <see cref="DueAt"/>. Timers are part of the
/// state, so a host that restarts re-arms them from the store and fires the ones that fell due meanwhile.
/// </summary>
/// <param name="Key">Stable name: <c>deadline:first-line-window</c>, <c>ack:{alertId}</c>, ...</param>
/// <param name="DueAt">When to wake the case.</param>
public sealed record ScheduledTimer(string Key, DateTimeOffset DueAt);
