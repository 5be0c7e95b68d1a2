using System.Globalization;
using System.Text.Json;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>The read side of the API. Readers use their own connections; WAL lets them run beside the writer.</summary>
public sealed class CaseQueries(Database database)
{
    /// <summary>Cases, optionally only <c>active</c> or <c>closed</c> ones, newest onset first.</summary>
    public IReadOnlyList<CaseSummary> ListCases(string? status)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT case_id, patient_key, status, stage, onset_at, next_deadline FROM cases"
            + (status is null ? "" : " WHERE status = $s") + " ORDER BY onset_at DESC, case_id";
        if (status is not null)
        {
            cmd.Parameters.AddWithValue("$s", status);
        }

        using var r = cmd.ExecuteReader();
        var list = new List<CaseSummary>();
        while (r.Read())
        {
            list.Add(new CaseSummary(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4), Time(r, 5)));
        }

        return list;
    }

    /// <summary>One case's full state, or null.</summary>
    public CaseState? GetCase(string caseId)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT state_json FROM cases WHERE case_id = $c";
        cmd.Parameters.AddWithValue("$c", caseId);
        return cmd.ExecuteScalar() is string json ? JsonSerializer.Deserialize<CaseState>(json, PathwayJson.Options) : null;
    }

    /// <summary>Alerts filtered by case and state, oldest first.</summary>
    public IReadOnlyList<AlertView> ListAlerts(string? caseId, string? state)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        var where = new List<string>();
        if (caseId is not null)
        {
            where.Add("case_id = $c");
            cmd.Parameters.AddWithValue("$c", caseId);
        }

        if (state is not null)
        {
            where.Add("state = $s");
            cmd.Parameters.AddWithValue("$s", state);
        }

        cmd.CommandText = "SELECT view_json FROM alerts" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY raised_at, alert_id";
        using var r = cmd.ExecuteReader();
        var list = new List<AlertView>();
        while (r.Read())
        {
            list.Add(JsonSerializer.Deserialize<AlertView>(r.GetString(0), PathwayJson.Options)!);
        }

        return list;
    }

    /// <summary>A case's audit trail, in order.</summary>
    public IReadOnlyList<AuditEntry> Audit(string caseId)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT seq, at, actor, kind, detail FROM audit WHERE case_id = $c ORDER BY seq";
        cmd.Parameters.AddWithValue("$c", caseId);
        using var r = cmd.ExecuteReader();
        var list = new List<AuditEntry>();
        while (r.Read())
        {
            list.Add(new AuditEntry(r.GetInt64(0), Parse(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return list;
    }

    /// <summary>
    /// The newest audit sequence number: every state change writes an audit line, so a reader that sees this
    /// number move knows something changed (the dashboard's live updates watch it).
    /// </summary>
    public long LatestChange()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM audit";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Pages not yet handed to the publisher (for readiness and the dashboard).</summary>
    public long UndeliveredPages()
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL";
        return (long)cmd.ExecuteScalar()!;
    }

    private static DateTimeOffset? Time(Microsoft.Data.Sqlite.SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Parse(r.GetString(i));

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
