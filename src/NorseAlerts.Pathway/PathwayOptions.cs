namespace NorseAlerts.Pathway;

/// <summary>Deployment settings the pathway needs (from <c>NorseAlerts:*</c> configuration).</summary>
public sealed record PathwayOptions
{
    /// <summary>Protocol pinned by new cases (<c>NorseAlerts:Protocol</c>).</summary>
    public string Protocol { get; init; } = Protocols.ProtocolCatalog.Seed;

    /// <summary>Overrides the protocol's ack timeout (<c>NorseAlerts:Escalation:AckTimeout</c>).</summary>
    public TimeSpan? AckTimeout { get; init; }
}
