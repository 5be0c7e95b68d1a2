using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host;

/// <summary>
/// The embedded host's side of <see cref="ICaseBackend"/>: commits go through the SQLite engine's single writer
/// (a batch is one transaction), reads come from the store.
/// </summary>
public sealed class EmbeddedCases(CaseEngine engine, CaseQueries queries) : ICaseBackend
{
    /// <inheritdoc />
    public Task<IngestReceipt> IngestAsync(IReadOnlyList<ClinicalEvent> events, string actor, CancellationToken cancellationToken) =>
        engine.IngestAsync(events, actor, cancellationToken);

    /// <inheritdoc />
    public async Task<AlertView?> AcknowledgeAsync(Acknowledge ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return (await engine.AcknowledgeAsync(ack.AlertId, ack.By, ack.Note, cancellationToken).ConfigureAwait(false)).Alert;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseSummary>> ListCasesAsync(string? status, CancellationToken cancellationToken) =>
        Task.FromResult(queries.ListCases(status));

    /// <inheritdoc />
    public Task<CaseDetail?> GetCaseAsync(string caseId, CancellationToken cancellationToken) =>
        Task.FromResult(queries.GetCase(caseId) is { } state ? CaseDetail.From(state) : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertView>> ListAlertsAsync(string? caseId, string? state, CancellationToken cancellationToken) =>
        Task.FromResult(queries.ListAlerts(caseId, state));

    /// <inheritdoc />
    public Task AuditUnmappedAsync(IReadOnlyList<Coding> codings, string feed, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codings);
        return engine.AuditAsync(actor, UnmappedDiagnoses.AuditKind, [.. codings.Select(c => UnmappedDiagnoses.Describe(c, feed))], cancellationToken);
    }
}
