using Microsoft.Extensions.Logging;
using NorseAlerts.Ingest;

namespace NorseAlerts.Hosting;

/// <summary>
/// One HL7 v2 message in, its ACK out, the same way over HTTP (both hosts) and MLLP (the embedded host): decode as
/// MSH-18 says, read with the site's settings, commit the events (all or nothing) and only then build the ACK, which
/// says when the message was a resend.
/// </summary>
public sealed class Hl7v2Intake(ICaseBackend cases, SiteProfile site, TimeProvider time, ILogger<Hl7v2Intake> logger)
{
    /// <summary>Counts, logs and audits diagnoses that map to no onset code (the FHIR path records through it too).</summary>
    public UnmappedDiagnoses Unmapped { get; } = new(cases, logger);

    /// <summary>Reads, commits and acknowledges one message; store failures propagate (no ACK is sent for them).</summary>
    /// <param name="body">The message bytes.</param>
    /// <param name="actor">Who sent it, for the audit trail (never PHI).</param>
    /// <param name="feed"><c>hl7v2</c> (HTTP) or <c>mllp</c>, for the unmapped-diagnosis count and audit.</param>
    /// <param name="cancellationToken">Cancels the commit.</param>
    public async Task<Hl7v2Answer> AcceptAsync(ReadOnlyMemory<byte> body, string actor, string feed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var parsed = Hl7v2Reader.Read(body.Span, now, site.Hl7v2);
        var duplicates = 0;
        if (parsed.IsAccepted && parsed.Events.Count > 0)
        {
            var receipt = await cases.IngestAsync(parsed.Events, actor, cancellationToken).ConfigureAwait(false);
            duplicates = receipt.Duplicates.Count;
        }

        if (parsed.IsAccepted)
        {
            await Unmapped.RecordAsync(parsed.UnmappedDiagnoses, feed, actor, cancellationToken).ConfigureAwait(false);
        }

        return new Hl7v2Answer(parsed, parsed.Ack(time.GetUtcNow(), duplicates));
    }
}
