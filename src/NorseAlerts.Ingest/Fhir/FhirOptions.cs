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

    /// <summary>The zone a date-only closure (<c>deceasedDateTime: 2013-09-23</c>) is dated in: the start of that day there.</summary>
    public TimeZoneInfo LocalTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The patient identifier domains: an identifier whose system belongs to one gives <c>&lt;Domain&gt;:&lt;value&gt;</c>,
    /// the same key as a PID-3 from an authority of that domain. Any other identifier becomes <c>system|value</c>.
    /// </summary>
    public PatientIdentifierDomains Identifiers { get; init; } = PatientIdentifierDomains.None;
}
