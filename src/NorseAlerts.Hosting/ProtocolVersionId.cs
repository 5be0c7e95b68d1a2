namespace NorseAlerts.Hosting;

/// <summary>A protocol version as a case pins it: the protocol's name and version.</summary>
/// <param name="Name">The protocol's name, e.g. <c>seed</c>.</param>
/// <param name="Version">The version, e.g. <c>1.0.0</c>.</param>
public sealed record ProtocolVersionId(string Name, string Version)
{
    /// <inheritdoc/>
    public override string ToString() => $"'{Name}' version '{Version}'";
}
