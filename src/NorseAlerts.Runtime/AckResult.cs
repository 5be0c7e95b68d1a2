using NorseAlerts.Pathway.Alerts;

namespace NorseAlerts.Runtime;

/// <summary>The outcome of an acknowledgement: the alert as it now stands, or null when no such alert exists.</summary>
public sealed record AckResult(AlertView? Alert)
{
    /// <summary>Whether the alert exists.</summary>
    public bool Found => Alert is not null;
}
