namespace NorseAlerts.Ingest;

/// <summary>
/// The names one coding system goes by: its HL7 v2 table 0396 id, older ids engines still send, and its FHIR
/// system URI. A code configured in one name matches a message that uses any other name of the same system.
/// </summary>
public static class CodingSystems
{
    /// <summary>SNOMED CT.</summary>
    public static readonly IReadOnlyList<string> Snomed = ["SCT", "SNM", "SNOMED", "SNOMEDCT", "SNOMED-CT", "http://snomed.info/sct"];

    /// <summary>WHO ICD-10 and ICD-10-CM together: US engines often send ICD-10-CM codes as <c>I10</c>.</summary>
    public static readonly IReadOnlyList<string> Icd10 =
    [
        "I10", "ICD10", "ICD-10", "I10C", "ICD10CM", "ICD-10-CM", "I10CM",
        "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm",
    ];

    /// <summary>RxNorm.</summary>
    public static readonly IReadOnlyList<string> RxNorm = ["RXNORM", "RXN", "http://www.nlm.nih.gov/research/umls/rxnorm"];

    /// <summary>LOINC.</summary>
    public static readonly IReadOnlyList<string> Loinc = ["LN", "LOINC", "http://loinc.org"];

    private static readonly IReadOnlyList<IReadOnlyList<string>> Groups = [Snomed, Icd10, RxNorm, Loinc];

    /// <summary>Every name of the system <paramref name="system"/> belongs to, or just <paramref name="system"/> when it is not a known one.</summary>
    public static IReadOnlyList<string> NamesOf(string system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Groups.FirstOrDefault(g => g.Contains(system.Trim(), StringComparer.OrdinalIgnoreCase)) ?? [system.Trim()];
    }
}
