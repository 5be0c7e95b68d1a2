using System.Text.Json;
using Microsoft.Extensions.Logging;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Outbox;

/// <summary>
/// Hands committed pages to the <see cref="IAlertPublisher"/> in commit order, retrying with the shared
/// <see cref="RetryBackoff"/> (<see cref="RuntimeOptions.OutboxRetry"/>) until the publisher succeeds. The retry is
/// durable: each page's attempts and next attempt time are stored with it, so a restart keeps its place in the backoff. A page that fails holds back the later pages of its case, so a
/// paging gateway sees each case's pages in order; a broker outage delays pages and loses none.
/// </summary>
/// <remarks>
/// The writer announces each commit's pages to the dispatcher's <see cref="WakeableService.Signal"/> as soon as the
/// commit is done, so a page leaves without a read of the store. That shortcut is taken only while the store holds nothing else undelivered: after a pass that read
/// the store, found fewer rows than a batch and delivered all of them. A failure, a backoff, a full batch, a
/// failed delivery mark or a watchdog pass sends the dispatcher back to reading the store until it is clear again.
/// Delivery marks and failed attempts are bookkeeping (<see cref="Writer.RunDeferredAsync{T}"/>): a power failure can
/// lose the last of them, and those pages are sent again under the same message id.
/// </remarks>
public sealed class OutboxDispatcher : WakeableService
{
    private readonly Database database;
    private readonly Writer writer;
    private readonly IAlertPublisher publisher;
    private readonly TimeProvider time;
    private readonly RuntimeOptions options;
    private readonly RetryBackoff backoff;
    private readonly ILogger logger;
    private readonly SemaphoreSlim passGate = new(1, 1);
    private long lastSeq;
    private bool storeClear;

    /// <summary>Creates the dispatcher and has the writer announce its page commits to it.</summary>
    public OutboxDispatcher(Database database, Writer writer, IAlertPublisher publisher, TimeProvider time, RuntimeOptions options, ILogger<OutboxDispatcher> logger)
        : base(time, logger, WakeOn.Pages)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.database = database;
        this.writer = writer;
        this.publisher = publisher;
        this.time = time;
        this.options = options;
        backoff = options.OutboxRetry;
        this.logger = logger;
        writer.WakeOnCommit(Signal);
    }

    /// <summary>Delivers what is due now; returns the number delivered and the next retry time, if any.</summary>
    public Task<(int Delivered, DateTimeOffset? NextRetry)> DispatchOnceAsync(CancellationToken cancellationToken) =>
        DispatchGatedAsync([], cancellationToken);

    /// <summary>Like <see cref="DispatchOnceAsync"/>, but gives up (false) when another dispatch holds the outbox longer than <paramref name="wait"/>.</summary>
    public async Task<bool> TryDispatchOnceAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!await passGate.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await DispatchPendingAsync([], readStore: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            passGate.Release();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        passGate.Dispose();
        base.Dispose();
    }

    // handedOver: the pages the writer announced since the last pass, in commit order. When the store is read, they are
    // left out: they were committed before the read, so the store has them all.
    private async Task<(int Delivered, DateTimeOffset? NextRetry)> DispatchPendingAsync(IReadOnlyList<OutboxRow> handedOver, bool readStore, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fromStore = readStore || !storeClear;
        var rows = fromStore ? Pending() : [.. handedOver.Where(row => row.Seq > lastSeq)];
        storeClear = false;
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var delivered = new List<long>();
        DateTimeOffset? nextRetry = null;
        foreach (var row in rows)
        {
            if (blocked.Contains(row.CaseId))
            {
                continue;
            }

            if (row.NextAttemptAt > now)
            {
                blocked.Add(row.CaseId);
                nextRetry = Earliest(nextRetry, row.NextAttemptAt);
                continue;
            }

            try
            {
                var page = row.Page ?? JsonSerializer.Deserialize<Page>(row.Json, PathwayJson.Options)!;
                await publisher.PublishAsync(page, cancellationToken).ConfigureAwait(false);
                delivered.Add(row.Seq);
                RuntimeTelemetry.PagesPublished.Add(1);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                blocked.Add(row.CaseId);
                RuntimeTelemetry.PagesFailed.Add(1);
                var retryAt = time.GetUtcNow() + backoff.DelayAfter(row.Attempts);
                nextRetry = Earliest(nextRetry, retryAt);
                Logs.PublishFailed(logger, row.MessageId, row.CaseId, row.Attempts + 1, ex.Message, retryAt);
                await writer.RunDeferredAsync(u => { u.Outbox.MarkFailed(row.Seq, ex.Message, retryAt); return true; }, cancellationToken).ConfigureAwait(false);
            }
        }

        if (delivered.Count > 0)
        {
            await writer.RunDeferredAsync(u => { u.Outbox.MarkDelivered(delivered); return true; }, cancellationToken).ConfigureAwait(false);
        }

        if (rows.Count > 0)
        {
            lastSeq = Math.Max(lastSeq, rows[^1].Seq);
        }

        // Clear only when this pass saw every undelivered row (a store read short of a batch, or the hand-over
        // while already clear) and delivered all of them: later pages then all come through the hand-over.
        storeClear = blocked.Count == 0 && (!fromStore || rows.Count < options.OutboxBatch);
        var more = fromStore && rows.Count >= options.OutboxBatch && delivered.Count > 0;
        return (delivered.Count, more ? now : nextRetry);
    }

    /// <inheritdoc />
    protected override async Task<DateTimeOffset?> RunPassAsync(CommitChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return (await DispatchGatedAsync(changes.Pages, cancellationToken).ConfigureAwait(false)).NextRetry;
    }

    private async Task<(int Delivered, DateTimeOffset? NextRetry)> DispatchGatedAsync(IReadOnlyList<OutboxRow> handedOver, CancellationToken cancellationToken)
    {
        // The loop and the watchdog may both dispatch; one at a time, so a page is never handed over twice at once.
        await passGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await DispatchPendingAsync(handedOver, readStore: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            passGate.Release();
        }
    }

    private List<OutboxRow> Pending()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT seq, message_id, case_id, page_json, attempts, next_attempt_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT $l";
        cmd.Parameters.AddWithValue("$l", options.OutboxBatch);
        using var r = cmd.ExecuteReader();
        var rows = new List<OutboxRow>();
        while (r.Read())
        {
            rows.Add(new OutboxRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))));
        }

        return rows;
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
