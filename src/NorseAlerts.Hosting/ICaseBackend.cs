using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// The port each host implements under <see cref="CaseApi"/>: the embedded host over its SQLite engine, the
/// Functions app over the patients' orchestrations. Everything above it (reading, checking, parsing, answering)
/// is shared, so both hosts answer alike.
/// </summary>
public interface ICaseBackend
{
    /// <summary>
    /// Commits validated events and answers once they are durable: each accepted event with its case (null while
    /// held for a patient with no case), and the duplicates that changed nothing.
    /// </summary>
    /// <param name="events">Validated events, in the order received.</param>
    /// <param name="actor">Who sent them, for the audit trail (never PHI).</param>
    /// <param name="cancellationToken">Cancels the commit.</param>
    Task<IngestReceipt> IngestAsync(IReadOnlyList<ClinicalEvent> events, string actor, CancellationToken cancellationToken);

    /// <summary>Acknowledges an alert and answers it as it stands afterwards; null when no such alert exists.</summary>
    Task<AlertView?> AcknowledgeAsync(Acknowledge ack, CancellationToken cancellationToken);

    /// <summary>Cases, optionally only <c>active</c> or <c>closed</c> ones, newest onset first.</summary>
    Task<IReadOnlyList<CaseSummary>> ListCasesAsync(string? status, CancellationToken cancellationToken);

    /// <summary>One case as <c>GET /api/cases/{caseId}</c> shows it, or null.</summary>
    Task<CaseDetail?> GetCaseAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Alerts filtered by case and state, oldest first.</summary>
    Task<IReadOnlyList<AlertView>> ListAlertsAsync(string? caseId, string? state, CancellationToken cancellationToken);

    /// <summary>
    /// Records diagnoses of an accepted message that map to no onset code in the host's audit trail (no case; feed,
    /// system and code only). A host without an audit trail of its own relies on the log <see cref="UnmappedDiagnoses"/> writes.
    /// </summary>
    Task AuditUnmappedAsync(IReadOnlyList<Coding> codings, string feed, string actor, CancellationToken cancellationToken);
}
