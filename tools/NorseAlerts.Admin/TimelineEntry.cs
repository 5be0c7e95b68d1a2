using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Admin;

/// <summary>One decision of a replay: when, on which signal, and what it did.</summary>
/// <param name="At">The replay clock when the signal was decided.</param>
/// <param name="Signal">A short name of the signal.</param>
/// <param name="Effects">What the pathway did.</param>
public sealed record TimelineEntry(DateTimeOffset At, string Signal, IReadOnlyList<Effect> Effects);
