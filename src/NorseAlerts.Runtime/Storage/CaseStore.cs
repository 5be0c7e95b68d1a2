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

    /// <summary>The state of a case by id, or null.</summary>
    public CaseState? Load(string caseId)
    {
        var cmd = Command("SELECT state_json FROM cases WHERE case_id = $c");
        cmd.Parameters.AddWithValue("$c", caseId);
        return cmd.ExecuteScalar() is string json ? Unit.Deserialize(json) : null;
    }

    /// <summary>The case an alert belongs to, or null for an unknown alert.</summary>
    public string? CaseOfAlert(string alertId)
    {
        var cmd = Command("SELECT case_id FROM alerts WHERE alert_id = $a");
        cmd.Parameters.AddWithValue("$a", alertId);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Cases with a timer due at or before <paramref name="until"/>, earliest first.</summary>
    public IReadOnlyList<string> DueCases(DateTimeOffset until, int limit)
    {
        var cmd = Command("SELECT case_id FROM timers WHERE due_at <= $u GROUP BY case_id ORDER BY MIN(due_at) LIMIT $l");
        cmd.Parameters.AddWithValue("$u", until.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$l", limit);
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
        cmd.Parameters.AddWithValue("$r", retryAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$c", caseId);
        cmd.Parameters.AddWithValue("$n", Now.ToUnixTimeMilliseconds());
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
        cmd.Parameters.AddWithValue("$c", caseId);
        cmd.Parameters.AddWithValue("$p", write.PatientKey);
        cmd.Parameters.AddWithValue("$s", write.Status);
        cmd.Parameters.AddWithValue("$g", write.Stage);
        cmd.Parameters.AddWithValue("$pr", write.Protocol);
        cmd.Parameters.AddWithValue("$o", (object?)Unit.Iso(write.OnsetAt) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$n", (object?)Unit.Iso(write.NextDeadline) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$u", Unit.Iso(Now));
        cmd.Parameters.AddWithValue("$j", write.Json);
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
                delete.Parameters.AddWithValue("$c", caseId);
                delete.Parameters.AddWithValue("$k", timer.Key);
                delete.ExecuteNonQuery();
                continue;
            }

            var insert = Command("INSERT OR REPLACE INTO timers (case_id, key, due_at) VALUES ($c, $k, $d)");
            insert.Parameters.AddWithValue("$c", caseId);
            insert.Parameters.AddWithValue("$k", timer.Key);
            insert.Parameters.AddWithValue("$d", dueAt.ToUnixTimeMilliseconds());
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
            cmd.Parameters.AddWithValue("$a", alert.AlertId);
            cmd.Parameters.AddWithValue("$c", alert.CaseId);
            cmd.Parameters.AddWithValue("$s", alert.State);
            cmd.Parameters.AddWithValue("$r", Unit.Iso(alert.RaisedAt));
            cmd.Parameters.AddWithValue("$j", alert.ViewJson);
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
