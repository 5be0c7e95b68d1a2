using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Maintenance;

/// <summary>What the store recorded about one case: its stored state and its audit trail in commit order.</summary>
/// <param name="State">The stored state.</param>
/// <param name="Audit">Every audit row of the case, oldest first.</param>
public sealed record CaseRecord(CaseState State, IReadOnlyList<AuditRow> Audit)
{
    /// <summary>The record of <paramref name="caseId"/>, or null for an unknown case.</summary>
    public static CaseRecord? Read(SqliteConnection connection, string caseId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var state = connection.CreateCommand();
        state.CommandText = "SELECT state_json FROM cases WHERE case_id = $c";
        state.Parameters.AddWithValue("$c", caseId);
        if (state.ExecuteScalar() is not string json)
        {
            return null;
        }

        using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT at, actor, kind, detail FROM audit WHERE case_id = $c ORDER BY seq";
        audit.Parameters.AddWithValue("$c", caseId);
        var rows = new List<AuditRow>();
        using (var r = audit.ExecuteReader())
        {
            while (r.Read())
            {
                rows.Add(new AuditRow(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), r.GetString(1), r.GetString(2), r.GetString(3)));
            }
        }

        var stored = JsonSerializer.Deserialize<CaseState>(json, PathwayJson.Options) ?? throw new InvalidDataException($"case {caseId} has an empty state");
        return new CaseRecord(stored, rows);
    }

    /// <summary>The ids of every active case, oldest first.</summary>
    public static IReadOnlyList<string> ActiveCaseIds(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT case_id FROM cases WHERE status = 'active' ORDER BY rowid";
        var ids = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }
}
