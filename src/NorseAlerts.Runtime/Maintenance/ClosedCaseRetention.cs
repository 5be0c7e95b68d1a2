using System.Globalization;
using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Maintenance;

/// <summary>
/// Deletes closed cases kept longer than the configured rule (<c>NorseAlerts:Retention:ClosedCases</c>, a TimeSpan
/// counted from the case's last change): the case, its alerts, its delivered pages and, when the patient has no
/// other case, the patient's record, merge aliases and idempotency keys. A case with a page still unsent is kept
/// until the page is out. Each deletion leaves an audit entry under the case id, so the trail says what went and why.
/// </summary>
public static class ClosedCaseRetention
{
    /// <summary>The configuration key of the rule.</summary>
    public const string SettingKey = "NorseAlerts:Retention:ClosedCases";

    /// <summary>The audit kind of a deletion.</summary>
    public const string AuditKind = "case-purged";

    /// <summary>
    /// Deletes (or with <paramref name="dryRun"/> only lists) the closed cases last changed before
    /// <paramref name="now"/> - <paramref name="keep"/>, in one transaction; returns their ids.
    /// </summary>
    public static IReadOnlyList<string> Apply(SqliteConnection connection, DateTimeOffset now, TimeSpan keep, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero);
        var cutoff = Iso(now - keep);
        using var tx = connection.BeginTransaction(deferred: false);
        var due = new List<(string CaseId, string PatientKey, string UpdatedAt)>();
        using (var select = Command(connection, tx, """
            SELECT case_id, patient_key, updated_at FROM cases c
            WHERE status = 'closed' AND updated_at < $cutoff
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.case_id AND o.delivered_at IS NULL)
            ORDER BY updated_at
            """))
        {
            select.Parameters.AddWithValue("$cutoff", cutoff);
            using var r = select.ExecuteReader();
            while (r.Read())
            {
                due.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        if (dryRun)
        {
            return [.. due.Select(d => d.CaseId)];
        }

        foreach (var (caseId, patientKey, updatedAt) in due)
        {
            foreach (var sql in new[]
            {
                "DELETE FROM alerts WHERE case_id = $c",
                "DELETE FROM timers WHERE case_id = $c",
                "DELETE FROM outbox WHERE case_id = $c",
                "DELETE FROM cases WHERE case_id = $c",
            })
            {
                Run(connection, tx, sql, ("$c", caseId));
            }

            // The patient's record goes only when it points at this case (not at a newer case or held events).
            var patientGone = Run(connection, tx, "DELETE FROM patients WHERE patient_key = $p AND case_id = $c", ("$p", patientKey), ("$c", caseId)) == 1;
            if (patientGone && !Exists(connection, tx, "SELECT 1 FROM cases WHERE patient_key = $p", patientKey))
            {
                Run(connection, tx, "DELETE FROM inbox WHERE patient_key = $p", ("$p", patientKey));
                Run(connection, tx, "DELETE FROM aliases WHERE old_key = $p OR new_key = $p", ("$p", patientKey));
            }

            Run(
                connection,
                tx,
                "INSERT INTO audit (at, case_id, actor, kind, detail) VALUES ($t, $c, 'retention', $k, $d)",
                ("$t", Iso(now)),
                ("$c", caseId),
                ("$k", AuditKind),
                ("$d", $"closed case deleted: last changed {updatedAt}, retention {keep.ToString("c", CultureInfo.InvariantCulture)}"));
        }

        tx.Commit();
        return [.. due.Select(d => d.CaseId)];
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction tx, string sql, string patientKey)
    {
        using var cmd = Command(connection, tx, sql);
        cmd.Parameters.AddWithValue("$p", patientKey);
        return cmd.ExecuteScalar() is not null;
    }

    private static int Run(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, string Value)[] parameters)
    {
        using var cmd = Command(connection, tx, sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
