using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// The code tables the HL7 v2 and FHIR readers map with, each entry with its source. Sites extend them through
/// <see cref="Hl7v2Options"/> and <see cref="FhirOptions"/>; these are the defaults.
/// </summary>
public static class ClinicalCodes
{
    /// <summary>SNOMED CT as HL7 v2 table 0396 names it (and older names engines still send), and as FHIR does.</summary>
    public static readonly IReadOnlyList<string> SnomedSystems = CodingSystems.Snomed;

    /// <summary>RxNorm as HL7 v2 table 0396 names it, and as FHIR does.</summary>
    public static readonly IReadOnlyList<string> RxNormSystems = CodingSystems.RxNorm;

    /// <summary>LOINC as HL7 v2 names it, and as FHIR does.</summary>
    public static readonly IReadOnlyList<string> LoincSystems = CodingSystems.Loinc;

    /// <summary>
    /// Diagnoses that open a case (<c>rse.onset</c>): the status-epilepticus codes of <see cref="StatusEpilepticusCodes"/>
    /// (SNOMED CT, WHO ICD-10 G41.x, ICD-10-CM "with status epilepticus"). SNOMED has no concept for RSE, NORSE or
    /// FIRES, so "NORSE" and "RSE" stand as examples of the local codes a site configures (any coding system).
    /// </summary>
    public static readonly IReadOnlyList<CodeMatch> RseOnset =
    [
        .. StatusEpilepticusCodes.All,
        new("NORSE"),
        new("RSE"),
    ];

    /// <summary>Body weight observations: LOINC 29463-7 Body weight, 3141-9 Body weight Measured (loinc.org).</summary>
    public static readonly IReadOnlyList<CodeMatch> BodyWeight = [new("29463-7", LoincSystems), new("3141-9", LoincSystems)];

    /// <summary>Body height observations: LOINC 8302-2 Body height (loinc.org).</summary>
    public static readonly IReadOnlyList<CodeMatch> BodyHeight = [new("8302-2", LoincSystems)];

    private const string PathwayTable = "RxNorm ingredient, as listed in the NORSE pathway table the protocol files cite";

    // VERIFY: recalled RxNorm ingredient (TTY=IN) RXCUIs that could not be confirmed from this workspace;
    // check in RxNav before go-live. The name match below also catches these agents.
    private const string Unverified = "RxNorm ingredient as recalled, not confirmed here: VERIFY in RxNav";

    /// <summary>
    /// Codes that name an agent. IVIG has no single RxNorm ingredient code here (products are coded per
    /// concentration) and plasmapheresis is a procedure, not a drug: both are matched by name, or by site codes.
    /// </summary>
    public static readonly IReadOnlyList<AgentCode> AgentCodes =
    [
        new(Agents.Methylprednisolone, new("6902", RxNormSystems), PathwayTable),
        new(Agents.Rituximab, new("121191", RxNormSystems), PathwayTable),
        new(Agents.Cyclophosphamide, new("3002", RxNormSystems), PathwayTable),
        new(Agents.Anakinra, new("72435", RxNormSystems), Unverified),
        new(Agents.Tocilizumab, new("612865", RxNormSystems), Unverified),
    ];

    /// <summary>Generic and brand names, matched as whole words in the medication text.</summary>
    public static readonly IReadOnlyList<AgentName> AgentNames =
    [
        new(Agents.Methylprednisolone, "methylprednisolone"),
        new(Agents.Methylprednisolone, "solu-medrol"),
        new(Agents.Ivig, "ivig"),
        new(Agents.Ivig, "intravenous immunoglobulin"),
        new(Agents.Ivig, "intravenous immune globulin"),
        new(Agents.Ivig, "immune globulin intravenous"),
        new(Agents.Ivig, "immunoglobulin intravenous"),
        new(Agents.Ivig, "privigen"),
        new(Agents.Ivig, "gammagard"),
        new(Agents.Ivig, "octagam"),
        new(Agents.Ivig, "gamunex"),
        new(Agents.Plasmapheresis, "plasmapheresis"),
        new(Agents.Plasmapheresis, "plasma exchange"),
        new(Agents.Plasmapheresis, "plex"),
        new(Agents.Rituximab, "rituximab"),
        new(Agents.Rituximab, "rituxan"),
        new(Agents.Rituximab, "truxima"),
        new(Agents.Rituximab, "ruxience"),
        new(Agents.Cyclophosphamide, "cyclophosphamide"),
        new(Agents.Cyclophosphamide, "cytoxan"),
        new(Agents.Anakinra, "anakinra"),
        new(Agents.Anakinra, "kineret"),
        new(Agents.Tocilizumab, "tocilizumab"),
        new(Agents.Tocilizumab, "actemra"),
        new(Agents.Tocilizumab, "roactemra"),
    ];
}
