namespace NorseAlerts.Ingest;

/// <summary>One code as a message carries it: an HL7 v2 CE/CWE triplet or a FHIR Coding (with the concept's text).</summary>
/// <param name="System">The coding system (HL7 v2 name or FHIR URI), if any.</param>
/// <param name="Code">The code, if any.</param>
/// <param name="Text">The display or free text, if any.</param>
public readonly record struct Coding(string? System, string? Code, string? Text);
