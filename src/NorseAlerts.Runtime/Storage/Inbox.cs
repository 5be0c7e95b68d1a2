using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>The inbox: every (source, id) ever received, so a resent event has no second effect.</summary>
internal sealed class Inbox(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now) : Table(statements, transaction, now)
{
    /// <summary>Records (source, id); false when it was already there (a duplicate).</summary>
    public bool TryRecord(string source, string id, string patientKey)
    {
        var cmd = Command("INSERT OR IGNORE INTO inbox (source, id, patient_key, received_at) VALUES ($s, $i, $p, $t)");
        cmd.Parameters.AddWithValue("$s", source);
        cmd.Parameters.AddWithValue("$i", id);
        cmd.Parameters.AddWithValue("$p", patientKey);
        cmd.Parameters.AddWithValue("$t", Unit.Iso(Now));
        return cmd.ExecuteNonQuery() == 1;
    }
}
