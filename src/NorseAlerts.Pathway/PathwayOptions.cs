namespace NorseAlerts.Pathway;

/// <summary>Deployment settings the pathway needs (from <c>NorseAlerts:*</c> configuration).</summary>
public sealed record PathwayOptions
{
    /// <summary>Protocol pinned by new cases (<c>NorseAlerts:Protocol</c>).</summary>
    public string Protocol { get; init; } = Protocols.ProtocolCatalog.Seed;

    /// <summary>Overrides the protocol's ack timeout (<c>NorseAlerts:Escalation:AckTimeout</c>).</summary>
    public TimeSpan? AckTimeout { get; init; }

    /// <summary>
    /// The deployment secret that keys the case ids (<see cref="Ids.Case"/>); both hosts set it from
    /// <c>NorseAlerts:InstanceIdSecret</c>. Empty gives the plain hashes of earlier releases.
    /// </summary>
    public ReadOnlyMemory<byte> IdKey { get; init; }
}
