namespace NorseAlerts.Ingest;

/// <summary>
/// A code to recognise, in any of <see cref="Systems"/> (HL7 v2 coding-system names such as <c>SCT</c>, or FHIR
/// system URIs). Null <see cref="Systems"/> matches the code in any system: that is how sites add local codes.
/// </summary>
/// <param name="Code">The code, compared ignoring case and dots (ICD codes travel as <c>G40.911</c> and <c>G40911</c>).</param>
/// <param name="Systems">The coding systems it counts in, compared ignoring case; null for any system.</param>
public sealed record CodeMatch(string Code, IReadOnlyList<string>? Systems = null)
{
    /// <summary>True when <paramref name="code"/> in <paramref name="system"/> is this code.</summary>
    public bool Matches(string? system, string? code) =>
        !string.IsNullOrWhiteSpace(code)
        && string.Equals(WithoutDots(Code), WithoutDots(code.Trim()), StringComparison.OrdinalIgnoreCase)
        && (Systems is null || Systems.Contains(system?.Trim() ?? string.Empty, StringComparer.OrdinalIgnoreCase));

    /// <summary>The code as <c>system|code</c>, the way a site configures one.</summary>
    public override string ToString() => Systems is { Count: > 0 } s ? $"{s[0]}|{Code}" : Code;

    private static string WithoutDots(string code) => code.Replace(".", string.Empty, StringComparison.Ordinal);
}
