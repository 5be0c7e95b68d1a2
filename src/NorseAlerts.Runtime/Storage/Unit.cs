using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Runtime.Outbox;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The reads and writes of one work item inside the writer's transaction. Everything a decision changes
/// (state, timers, alerts, outbox, audit) is written here, so it commits or rolls back as one.
/// </summary>
public sealed class Unit : ICaseTransaction
{
    private readonly StatementCache statements;
    private readonly SqliteTransaction transaction;
    private readonly List<OutboxRow> pages = [];

    internal Unit(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now)
    {
        this.statements = statements;
        this.transaction = transaction;
        Now = now;
    }

    /// <summary>The time the work is done at (from the injected <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Set when a page was added: the dispatcher should look.</summary>
    public bool AddedPages => pages.Count > 0;

    /// <summary>The pages this unit added to the outbox, in order, for the dispatcher once they are committed.</summary>
    internal IReadOnlyList<OutboxRow> Pages => pages;

    /// <summary>The earliest timer written, so the scheduler can wake early.</summary>
    public DateTimeOffset? EarliestTimer { get; private set; }

    /// <summary>
    /// A real write of nothing that matters (the readiness probe): it bumps the file header's user_version, so
    /// the header page is rewritten and journalled and the probe fails exactly when a request's write would
    /// (full disk, read-only file). Writing an unchanged value would not do: SQLite skips identical rewrites.
    /// </summary>
    public bool Probe()
    {
        var current = Command("PRAGMA user_version").ExecuteScalar() is long v ? v : 0;
        var next = current >= int.MaxValue - 1 ? 1 : current + 1;
        // A PRAGMA takes no parameters; a one-off command keeps the changing text out of the statement cache.
        using var bump = transaction.Connection!.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {next}");
        bump.ExecuteNonQuery();
        return true;
    }

    /// <summary>Records (source, id) in the inbox; false when it was already there (a duplicate).</summary>
    public bool TryRecordInbox(string source, string id, string patientKey)
    {
        var cmd = Command("INSERT OR IGNORE INTO inbox (source, id, patient_key, received_at) VALUES ($s, $i, $p, $t)");
        cmd.Parameters.AddWithValue("$s", source);
        cmd.Parameters.AddWithValue("$i", id);
        cmd.Parameters.AddWithValue("$p", patientKey);
        cmd.Parameters.AddWithValue("$t", Iso(Now));
        return cmd.ExecuteNonQuery() == 1;
    }

    /// <summary>The patient key an event's subject refers to now, following merges.</summary>
    public string ResolvePatient(string patientKey)
    {
        var key = patientKey;
        for (var hops = 0; hops < 16; hops++)
        {
            var cmd = Command(AliasSql);
            cmd.Parameters.AddWithValue("$k", key);
            if (cmd.ExecuteScalar() is not string next)
            {
                return key;
            }

            key = next;
        }

        return key;
    }

    /// <summary>Records that <paramref name="oldKey"/> now means <paramref name="newKey"/>.</summary>
    public void AddAlias(string oldKey, string newKey)
    {
        var cmd = Command("INSERT OR REPLACE INTO aliases (old_key, new_key) VALUES ($o, $n)");
        cmd.Parameters.AddWithValue("$o", oldKey);
        cmd.Parameters.AddWithValue("$n", newKey);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The current state of a patient (held events, an open case, or its last closed case), or null.</summary>
    public CaseState? LoadPatient(string patientKey) => PatientStateText(patientKey) is { } json ? Deserialize(json) : null;

    /// <summary>The stored document of <see cref="LoadPatient"/> as text (null for none): what an optimistic transaction read, to compare.</summary>
    internal string? PatientStateText(string patientKey) => ReadPatientStateText(Command(PatientStateSql), patientKey);

    internal const string PatientStateSql = "SELECT p.case_id, p.pending_json, c.state_json FROM patients p LEFT JOIN cases c ON c.case_id = p.case_id WHERE p.patient_key = $k";

    internal const string AliasSql = "SELECT new_key FROM aliases WHERE old_key = $k";

    internal static string? ReadPatientStateText(SqliteCommand cmd, string patientKey)
    {
        cmd.Parameters.AddWithValue("$k", patientKey);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return !r.IsDBNull(2) ? r.GetString(2) : r.IsDBNull(1) ? null : r.GetString(1);
    }

    /// <summary>The state of a case by id, or null.</summary>
    public CaseState? LoadCase(string caseId)
    {
        var cmd = Command("SELECT state_json FROM cases WHERE case_id = $c");
        cmd.Parameters.AddWithValue("$c", caseId);
        return cmd.ExecuteScalar() is string json ? Deserialize(json) : null;
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

    /// <summary>Writes what a decision changed: state, timers, alerts, pages (outbox) and the audit trail.</summary>
    public void Save(Decision decision, string actor)
    {
        if (CaseWrite.Of(decision, actor) is { } write)
        {
            Write(write);
        }
    }

    /// <summary>Writes a decision already turned into rows (see <see cref="CaseWrite.Of"/>).</summary>
    internal void Write(CaseWrite write)
    {
        if (write.CaseId is { } caseId)
        {
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
            cmd.Parameters.AddWithValue("$o", (object?)Iso(write.OnsetAt) ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$n", (object?)Iso(write.NextDeadline) ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$u", Iso(Now));
            cmd.Parameters.AddWithValue("$j", write.Json);
            cmd.ExecuteNonQuery();

            SetPatient(write.PatientKey, caseId, null);
            SaveTimers(caseId, write.Timers);
            SaveAlerts(write.Alerts);
        }
        else
        {
            SetPatient(write.PatientKey, null, write.Json);
        }

        foreach (var effect in write.Effects)
        {
            if (effect.Page is { } page)
            {
                AddPage(page);
            }

            Audit(write.CaseId, write.Actor, effect.Kind, effect.Detail);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a nested savepoint: if it throws, only its own writes are undone and the
    /// error is returned, so one broken case cannot hold back the rest of a scheduler pass.
    /// </summary>
    public Exception? Isolated(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Command("SAVEPOINT isolated").ExecuteNonQuery();
        var added = pages.Count;
        var earliest = EarliestTimer;
        try
        {
            work();
            Command("RELEASE isolated").ExecuteNonQuery();
            return null;
        }
        catch (Exception ex)
        {
            Command("ROLLBACK TO isolated").ExecuteNonQuery();
            Command("RELEASE isolated").ExecuteNonQuery();
            pages.RemoveRange(added, pages.Count - added);
            EarliestTimer = earliest;
            return ex;
        }
    }

    /// <summary>Moves a case's due timers to <paramref name="retryAt"/> (after its decision failed).</summary>
    public void PostponeDueTimers(string caseId, DateTimeOffset retryAt)
    {
        var cmd = Command("UPDATE timers SET due_at = $r WHERE case_id = $c AND due_at <= $n");
        cmd.Parameters.AddWithValue("$r", retryAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$c", caseId);
        cmd.Parameters.AddWithValue("$n", Now.ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
        if (EarliestTimer is null || retryAt < EarliestTimer)
        {
            EarliestTimer = retryAt;
        }
    }

    /// <summary>Marks pages delivered.</summary>
    public void MarkDelivered(IEnumerable<long> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        foreach (var seq in seqs)
        {
            var cmd = Command("UPDATE outbox SET delivered_at = $t, attempts = attempts + 1, last_error = NULL WHERE seq = $s");
            cmd.Parameters.AddWithValue("$t", Iso(Now));
            cmd.Parameters.AddWithValue("$s", seq);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Records a failed publish and when to try again.</summary>
    public void MarkFailed(long seq, string error, DateTimeOffset retryAt)
    {
        var cmd = Command("UPDATE outbox SET attempts = attempts + 1, last_error = $e, next_attempt_at = $r WHERE seq = $s");
        cmd.Parameters.AddWithValue("$e", error);
        cmd.Parameters.AddWithValue("$r", retryAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$s", seq);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Adds a free-form audit entry (e.g. a rejected acknowledgement).</summary>
    public void Audit(string? caseId, string actor, string kind, string detail)
    {
        var cmd = Command("INSERT INTO audit (at, case_id, actor, kind, detail) VALUES ($t, $c, $a, $k, $d)");
        cmd.Parameters.AddWithValue("$t", Iso(Now));
        cmd.Parameters.AddWithValue("$c", (object?)caseId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$a", actor);
        cmd.Parameters.AddWithValue("$k", kind);
        cmd.Parameters.AddWithValue("$d", detail);
        cmd.ExecuteNonQuery();
    }

    private void SetPatient(string patientKey, string? caseId, string? pendingJson)
    {
        var cmd = Command("""
            INSERT INTO patients (patient_key, case_id, pending_json) VALUES ($k, $c, $j)
            ON CONFLICT (patient_key) DO UPDATE SET case_id = $c, pending_json = $j
            """);
        cmd.Parameters.AddWithValue("$k", patientKey);
        cmd.Parameters.AddWithValue("$c", (object?)caseId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$j", (object?)pendingJson ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    // Timers change by the decision's own diff (TimerSet/TimerCancelled against the state it started from), so
    // only the timers that moved are written; the table always equals the stored state's timers.
    private void SaveTimers(string caseId, IReadOnlyList<CaseWrite.TimerRow> timers)
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
            if (EarliestTimer is null || dueAt < EarliestTimer)
            {
                EarliestTimer = dueAt;
            }
        }
    }

    private void SaveAlerts(IReadOnlyList<CaseWrite.AlertRow> alerts)
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
            cmd.Parameters.AddWithValue("$r", Iso(alert.RaisedAt));
            cmd.Parameters.AddWithValue("$j", alert.ViewJson);
            cmd.ExecuteNonQuery();
        }
    }

    private void AddPage(CaseWrite.PageRow page)
    {
        var cmd = Command("INSERT OR IGNORE INTO outbox (message_id, case_id, page_json, created_at, next_attempt_at) VALUES ($m, $c, $j, $t, 0) RETURNING seq");
        cmd.Parameters.AddWithValue("$m", page.MessageId);
        cmd.Parameters.AddWithValue("$c", page.CaseId);
        cmd.Parameters.AddWithValue("$j", page.Json);
        cmd.Parameters.AddWithValue("$t", Iso(Now));
        if (cmd.ExecuteScalar() is long seq)
        {
            pages.Add(new OutboxRow(seq, page.MessageId, page.CaseId, page.Json, 0, DateTimeOffset.UnixEpoch, page.Page));
        }
    }

    private SqliteCommand Command(string sql) => statements.Get(sql, transaction);

    internal static CaseState Deserialize(string json) =>
        JsonSerializer.Deserialize<CaseState>(json, PathwayJson.Options) ?? throw new InvalidDataException("empty case state");

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static string? Iso(DateTimeOffset? t) => t is { } v ? Iso(v) : null;
}
