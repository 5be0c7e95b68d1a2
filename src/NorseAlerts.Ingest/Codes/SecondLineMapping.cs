namespace NorseAlerts.Ingest;

/// <summary>
/// How an administration of a second-line agent becomes an event. The pathway counts every
/// <c>second-line.started</c> of an agent as a dose, but ignores <c>dose-given</c> until a start is known, so a
/// stateless reader that never emits a start would leave <c>second-line-recommended</c> paging after treatment began.
/// </summary>
public enum SecondLineMapping
{
    /// <summary>
    /// The first administration of an order starts the agent: HL7 v2 RXA-2 (administration sub-ID counter) empty
    /// or 1 gives <c>second-line.started</c>, a later count <c>dose-given</c>. FHIR R4 carries no such counter, so
    /// every MedicationAdministration gives <c>second-line.started</c> (each still counts as one dose).
    /// </summary>
    FirstAdministrationStarts,

    /// <summary>Every administration gives <c>dose-given</c>: for sites that send the start as canonical JSON.</summary>
    AllDosesGiven,
}
