using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>The inbox: every (source, id) ever received, so a resent event has no second effect.</summary>
internal sealed class Inbox(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now) : Table(statements, transaction, now)
{
    /// <summary>Records (source, id); false when it was already there (a duplicate).</summary>
    public bool TryRecord(string source, string id, string patientKey)
    {
        var cmd = Command("INSERT OR IGNORE INTO inbox (source, id, patient_key, received_at) VALUES ($s, $i, $p, $t)");
        Set(cmd, "$s", source);
        Set(cmd, "$i", id);
        Set(cmd, "$p", patientKey);
        Set(cmd, "$t", NowText);
        return cmd.ExecuteNonQuery() == 1;
    }
}
