namespace NorseAlerts.Ingest;

/// <summary>Site settings for <see cref="FhirReader"/>.</summary>
public sealed record FhirOptions
{
    /// <summary>The defaults.</summary>
    public static FhirOptions Default { get; } = new();

    /// <summary>Condition codes that mean RSE onset; default <see cref="ClinicalCodes.RseOnset"/>.</summary>
    public IReadOnlyList<CodeMatch> RseOnsetCodes { get; init; } = ClinicalCodes.RseOnset;

    /// <summary>How a medication is recognised as an immunotherapy agent.</summary>
    public AgentCatalog Agents { get; init; } = AgentCatalog.Default;

    /// <summary>How second-line administrations map; see <see cref="SecondLineMapping"/>.</summary>
    public SecondLineMapping SecondLine { get; init; } = SecondLineMapping.FirstAdministrationStarts;

    /// <summary>
    /// Identifier systems (e.g. <c>urn:oid:1.2.3.4</c>) mapped to the authority the HL7 v2 feed uses (e.g. <c>GENH</c>),
    /// so <c>{system, value: 00123456}</c> becomes the patient key <c>GENH:00123456</c>, the same key as PID-3.
    /// An unmapped identifier becomes <c>system|value</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> IdentifierAuthorities { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
