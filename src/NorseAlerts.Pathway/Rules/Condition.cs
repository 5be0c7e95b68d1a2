using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Pathway.Rules;

/// <summary>A pathway condition that holds now and deserves an alert of <see cref="Kind"/>.</summary>
/// <param name="Kind">The kind of alert it deserves.</param>
/// <param name="InstanceKey">Distinguishes several alerts of one kind in a case.</param>
/// <param name="DueAt">The clinical deadline involved, if any.</param>
/// <param name="Message">What the page says (no PHI: no names, no MRNs).</param>
/// <param name="Agent">The agent involved, for dose recommendations.</param>
public sealed record Condition(AlertKind Kind, string InstanceKey, DateTimeOffset? DueAt, string Message, string? Agent = null);
