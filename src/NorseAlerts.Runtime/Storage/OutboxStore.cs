using Microsoft.Data.Sqlite;
using NorseAlerts.Runtime.Outbox;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The outbox: pages committed with the decision that sent them, each under one message id, until the
/// dispatcher marks them delivered.
/// </summary>
internal sealed class OutboxStore(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now) : Table(statements, transaction, now)
{
    private readonly List<OutboxRow> added = [];

    /// <summary>The pages added in this transaction, in order (for the dispatcher, once committed).</summary>
    public IReadOnlyList<OutboxRow> Added => added;

    /// <summary>Adds a page; a message id already in the outbox is not added twice.</summary>
    public void Add(CaseWrite.PageRow page)
    {
        var cmd = Command("INSERT OR IGNORE INTO outbox (message_id, case_id, page_json, created_at, next_attempt_at) VALUES ($m, $c, $j, $t, 0) RETURNING seq");
        Set(cmd, "$m", page.MessageId);
        Set(cmd, "$c", page.CaseId);
        Set(cmd, "$j", page.Json);
        Set(cmd, "$t", NowText);
        if (cmd.ExecuteScalar() is long seq)
        {
            added.Add(new OutboxRow(seq, page.MessageId, page.CaseId, page.Json, 0, DateTimeOffset.UnixEpoch, page.Page));
        }
    }

    /// <summary>Forgets the pages added after the first <paramref name="count"/> (their savepoint was rolled back).</summary>
    public void ForgetAfter(int count) => added.RemoveRange(count, added.Count - count);

    /// <summary>Marks pages delivered.</summary>
    public void MarkDelivered(IEnumerable<long> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        foreach (var seq in seqs)
        {
            var cmd = Command("UPDATE outbox SET delivered_at = $t, attempts = attempts + 1, last_error = NULL WHERE seq = $s");
            Set(cmd, "$t", NowText);
            Set(cmd, "$s", seq);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Records a failed publish and when to try again.</summary>
    public void MarkFailed(long seq, string error, DateTimeOffset retryAt)
    {
        var cmd = Command("UPDATE outbox SET attempts = attempts + 1, last_error = $e, next_attempt_at = $r WHERE seq = $s");
        Set(cmd, "$e", error);
        Set(cmd, "$r", retryAt.ToUnixTimeMilliseconds());
        Set(cmd, "$s", seq);
        cmd.ExecuteNonQuery();
    }
}
