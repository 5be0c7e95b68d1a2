using System.Diagnostics.Metrics;

namespace NorseAlerts.Ingest;

/// <summary>
/// Counts diagnoses that arrived and opened no case, by coding system and code, so a site sees the codes its
/// feeds send that its onset table misses (metric <c>norsealerts.ingest.unmapped_codes</c>). Codes carry no PHI.
/// </summary>
public static class UnmappedCodes
{
    /// <summary>The meter the hosts export.</summary>
    public const string MeterName = "NorseAlerts.Ingest";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Counter = Meter.CreateCounter<long>(
        "norsealerts.ingest.unmapped_codes", unit: "{code}", description: "Diagnosis codes received that map to no onset code");

    /// <summary>Counts each coding once; <paramref name="feed"/> is <c>hl7v2</c>, <c>mllp</c> or <c>fhir</c>.</summary>
    public static void Count(IEnumerable<Coding> codings, string feed)
    {
        ArgumentNullException.ThrowIfNull(codings);
        foreach (var coding in codings)
        {
            Counter.Add(
                1,
                new KeyValuePair<string, object?>("feed", feed),
                new KeyValuePair<string, object?>("system", coding.System ?? string.Empty),
                new KeyValuePair<string, object?>("code", coding.Code ?? string.Empty));
        }
    }
}
