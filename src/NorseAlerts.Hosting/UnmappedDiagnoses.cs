using Microsoft.Extensions.Logging;
using NorseAlerts.Ingest;

namespace NorseAlerts.Hosting;

/// <summary>
/// Diagnoses that arrived in an accepted message and map to no onset code, so a site sees the codes its feeds send
/// that its onset table misses: counted (metric <c>norsealerts.ingest.unmapped_codes</c>), logged, and audited
/// through the host's <see cref="ICaseBackend"/> (kind <see cref="AuditKind"/>, no case), each with its feed, coding
/// system and code only: a code names no patient.
/// </summary>
public sealed class UnmappedDiagnoses(ICaseBackend cases, ILogger logger)
{
    /// <summary>The audit kind of an unmapped diagnosis.</summary>
    public const string AuditKind = "diagnosis-unmapped";

    /// <summary>Counts, logs and audits <paramref name="codings"/>; nothing when there are none.</summary>
    /// <param name="codings">The diagnoses that mapped to no onset code.</param>
    /// <param name="feed"><c>hl7v2</c> (HTTP), <c>mllp</c> or <c>fhir</c>.</param>
    /// <param name="actor">Who sent them (an API key name or the MLLP peer; never PHI).</param>
    /// <param name="cancellationToken">Cancels the audit write.</param>
    public async Task RecordAsync(IReadOnlyList<Coding> codings, string feed, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codings);
        if (codings.Count == 0)
        {
            return;
        }

        UnmappedCodes.Count(codings, feed);
        foreach (var coding in codings)
        {
            Logs.DiagnosisUnmapped(logger, feed, coding.System ?? string.Empty, coding.Code ?? string.Empty);
        }

        await cases.AuditUnmappedAsync(codings, feed, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit text of one unmapped diagnosis.</summary>
    public static string Describe(Coding coding, string feed) =>
        $"diagnosis {coding.System}|{coding.Code} received over {feed} maps to no onset code (NorseAlerts:Codes:RseOnset adds one)";
}
