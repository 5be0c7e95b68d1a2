namespace NorseAlerts.Ingest;

/// <summary>
/// The built-in diagnosis codes that open a case: status epilepticus as hospitals code it.
/// <list type="bullet">
/// <item>SNOMED CT 230456007 |Status epilepticus (disorder)|.</item>
/// <item>WHO ICD-10 (2019) category G41 Status epilepticus: G41.0 grand mal, G41.1 petit mal, G41.2 complex partial,
/// G41.8 other, G41.9 unspecified; and G41 itself, which some systems send uncoded to the fourth character.</item>
/// <item>ICD-10-CM (CMS/NCHS, FY2025 tabular list, chapter 6, G40 Epilepsy and recurrent seizures): ICD-10-CM has no
/// G41; status epilepticus is coded in G40 by the last character. Every subcategory that splits on it contributes its
/// "with status epilepticus" codes: the "not intractable" ones end in 01 (or 11 / 21 / 41 in G40.8x) and the
/// "intractable" ones in 11 (or 13 / 23 / 33 / 43 in G40.8x).</item>
/// </list>
/// Codes match with or without the dot (<c>G40.911</c>, <c>G40911</c>), in either ICD-10 system name.
/// </summary>
public static class StatusEpilepticusCodes
{
    /// <summary>Where the ICD-10-CM list comes from, for the docs and the code table.</summary>
    public const string Icd10CmSource = "ICD-10-CM tabular list (CMS/NCHS FY2025), G40 'with status epilepticus' codes";

    /// <summary>WHO ICD-10 G41 Status epilepticus and its subcategories.</summary>
    public static readonly IReadOnlyList<string> WhoIcd10 = ["G41", "G41.0", "G41.1", "G41.2", "G41.8", "G41.9"];

    /// <summary>ICD-10-CM codes whose title says "with status epilepticus".</summary>
    public static readonly IReadOnlyList<string> Icd10Cm =
    [
        // G40.0 localization-related idiopathic, G40.1 symptomatic simple partial, G40.2 symptomatic complex partial,
        // G40.3 generalized idiopathic, G40.4 other generalized: x01 not intractable, x11 intractable.
        "G40.001", "G40.011", "G40.101", "G40.111", "G40.201", "G40.211", "G40.301", "G40.311", "G40.401", "G40.411",
        // G40.5 epileptic seizures related to external causes (no intractable split).
        "G40.501",
        // G40.80 other epilepsy, G40.81 Lennox-Gastaut, G40.82 epileptic spasms, G40.83 Dravet (intractable only),
        // G40.84 KCNQ2-related epilepsy.
        "G40.801", "G40.803", "G40.811", "G40.813", "G40.821", "G40.823", "G40.833", "G40.841", "G40.843",
        // G40.9 epilepsy, unspecified.
        "G40.901", "G40.911",
        // G40.A absence epileptic syndrome, G40.B juvenile myoclonic epilepsy, G40.C Lafora progressive myoclonus epilepsy.
        "G40.A01", "G40.A11", "G40.B01", "G40.B11", "G40.C01", "G40.C11",
    ];

    /// <summary>All of the above as code matches.</summary>
    public static readonly IReadOnlyList<CodeMatch> All =
    [
        new("230456007", CodingSystems.Snomed),
        .. WhoIcd10.Select(code => new CodeMatch(code, CodingSystems.Icd10)),
        .. Icd10Cm.Select(code => new CodeMatch(code, CodingSystems.Icd10)),
    ];
}
