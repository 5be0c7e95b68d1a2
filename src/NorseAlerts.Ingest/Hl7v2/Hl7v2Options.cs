namespace NorseAlerts.Ingest;

/// <summary>Site settings for <see cref="Hl7v2Reader"/>. The defaults suit a site that sends offsets and SNOMED codes.</summary>
public sealed record Hl7v2Options
{
    /// <summary>The defaults.</summary>
    public static Hl7v2Options Default { get; } = new();

    /// <summary>DG1-3 diagnoses that mean RSE onset; default <see cref="ClinicalCodes.RseOnset"/>.</summary>
    public IReadOnlyList<CodeMatch> RseOnsetCodes { get; init; } = ClinicalCodes.RseOnset;

    /// <summary>How RXA-5 is recognised as an immunotherapy agent.</summary>
    public AgentCatalog Agents { get; init; } = AgentCatalog.Default;

    /// <summary>How second-line administrations map; see <see cref="SecondLineMapping"/>.</summary>
    public SecondLineMapping SecondLine { get; init; } = SecondLineMapping.FirstAdministrationStarts;

    /// <summary>The zone of times sent without an offset (HL7 v2 says: the sender's local time). Default UTC.</summary>
    public TimeZoneInfo LocalTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The patient identifier domains: PID-3 repetitions whose CX-4 belongs to one give <c>&lt;Domain&gt;:&lt;id&gt;</c>.</summary>
    public PatientIdentifierDomains Identifiers { get; init; } = PatientIdentifierDomains.None;
}
