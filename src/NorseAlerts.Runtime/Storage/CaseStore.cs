using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The case documents with their two projections, written from the same rows: the timers the scheduler
/// queries and the alerts that acknowledgements and the read side look up.
/// </summary>
internal sealed class CaseStore(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now) : Table(statements, transaction, now)
{
    /// <summary>The earliest timer written in this transaction, so the scheduler can wake early.</summary>
    public DateTimeOffset? EarliestTimer { get; set; }

    /// <summary>The statement that reads a case's document by id (<c>$c</c>).</summary>
    internal const string StateSql = "SELECT state_json FROM cases WHERE case_id = $c";

    /// <summary>The state of a case by id, or null.</summary>
    public CaseState? Load(string caseId) => StateText(caseId) is { } json ? Unit.Deserialize(json) : null;

    /// <summary>The stored document of a case by id, as text, or null.</summary>
    public string? StateText(string caseId) => ReadStateText(Command(StateSql), caseId);

    /// <summary>Runs <see cref="StateSql"/> on <paramref name="cmd"/>: the transaction's and a reader's read alike.</summary>
    internal static string? ReadStateText(SqliteCommand cmd, string caseId)
    {
        Set(cmd, "$c", caseId);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>The case an alert belongs to, or null for an unknown alert.</summary>
    public string? CaseOfAlert(string alertId)
    {
        var cmd = Command("SELECT case_id FROM alerts WHERE alert_id = $a");
        Set(cmd, "$a", alertId);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Cases with a timer due at or before <paramref name="until"/>, earliest first.</summary>
    public IReadOnlyList<string> DueCases(DateTimeOffset until, int limit)
    {
        // INDEXED BY: without it SQLite groups along the primary key (case_id, key) and so reads every timer of every
        // case on each pass (1-3 ms with 10,000 cases, on the path of every deadline); the due index reads only the due.
        var cmd = Command("SELECT case_id FROM timers INDEXED BY timers_due WHERE due_at <= $u GROUP BY case_id ORDER BY MIN(due_at) LIMIT $l");
        Set(cmd, "$u", until.ToUnixTimeMilliseconds());
        Set(cmd, "$l", limit);
        var list = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    /// <summary>Moves a case's due timers to <paramref name="retryAt"/> (after its decision failed).</summary>
    public void PostponeDueTimers(string caseId, DateTimeOffset retryAt)
    {
        var cmd = Command("UPDATE timers SET due_at = $r WHERE case_id = $c AND due_at <= $n");
        Set(cmd, "$r", retryAt.ToUnixTimeMilliseconds());
        Set(cmd, "$c", caseId);
        Set(cmd, "$n", Now.ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
        NoteTimer(retryAt);
    }

    /// <summary>Writes a case's document and the timers and alerts its decision changed.</summary>
    public void Write(string caseId, CaseWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var cmd = Command("""
            INSERT INTO cases (case_id, patient_key, status, stage, protocol, onset_at, next_deadline, updated_at, state_json)
            VALUES ($c, $p, $s, $g, $pr, $o, $n, $u, $j)
            ON CONFLICT (case_id) DO UPDATE SET status = $s, stage = $g, onset_at = $o, next_deadline = $n, updated_at = $u, state_json = $j, patient_key = $p
            """);
        Set(cmd, "$c", caseId);
        Set(cmd, "$p", write.PatientKey);
        Set(cmd, "$s", write.Status);
        Set(cmd, "$g", write.Stage);
        Set(cmd, "$pr", write.Protocol);
        Set(cmd, "$o", Unit.Iso(write.OnsetAt));
        Set(cmd, "$n", Unit.Iso(write.NextDeadline));
        Set(cmd, "$u", NowText);
        Set(cmd, "$j", write.Json);
        cmd.ExecuteNonQuery();
        WriteTimers(caseId, write.Timers);
        WriteAlerts(write.Alerts);
    }

    // Timers change by the decision's own diff (TimerSet/TimerCancelled against the state it started from), so
    // only the timers that moved are written; the table always equals the stored state's timers.
    private void WriteTimers(string caseId, IReadOnlyList<CaseWrite.TimerRow> timers)
    {
        foreach (var timer in timers)
        {
            if (timer.DueAt is not { } dueAt)
            {
                var delete = Command("DELETE FROM timers WHERE case_id = $c AND key = $k");
                Set(delete, "$c", caseId);
                Set(delete, "$k", timer.Key);
                delete.ExecuteNonQuery();
                continue;
            }

            var insert = Command("INSERT OR REPLACE INTO timers (case_id, key, due_at) VALUES ($c, $k, $d)");
            Set(insert, "$c", caseId);
            Set(insert, "$k", timer.Key);
            Set(insert, "$d", dueAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            NoteTimer(dueAt);
        }
    }

    private void WriteAlerts(IReadOnlyList<CaseWrite.AlertRow> alerts)
    {
        foreach (var alert in alerts)
        {
            var cmd = Command("""
                INSERT INTO alerts (alert_id, case_id, state, raised_at, view_json) VALUES ($a, $c, $s, $r, $j)
                ON CONFLICT (alert_id) DO UPDATE SET state = $s, view_json = $j
                """);
            Set(cmd, "$a", alert.AlertId);
            Set(cmd, "$c", alert.CaseId);
            Set(cmd, "$s", alert.State);
            Set(cmd, "$r", Unit.Iso(alert.RaisedAt));
            Set(cmd, "$j", alert.ViewJson);
            cmd.ExecuteNonQuery();
        }
    }

    private void NoteTimer(DateTimeOffset dueAt)
    {
        if (EarliestTimer is null || dueAt < EarliestTimer)
        {
            EarliestTimer = dueAt;
        }
    }
}
