namespace NorseAlerts.Pathway.Protocols;

/// <summary>One alert kind's settings.</summary>
/// <param name="Kind">An <see cref="Alerts.AlertKind"/> wire name.</param>
/// <param name="Severity"><c>warning</c>, <c>high</c> or <c>critical</c>: paging gateways route and sound by it.</param>
/// <param name="Source">The key of the protocol's <c>sources</c> entry, or a citation.</param>
/// <param name="Note">Why, where the source needs a word.</param>
public sealed record AlertKindRules(string Kind, string Severity, string Source, string? Note = null);
