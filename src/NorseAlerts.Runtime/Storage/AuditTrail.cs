using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>The audit trail: who did what to which case, and when; written in the same transaction as the change.</summary>
internal sealed class AuditTrail(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now) : Table(statements, transaction, now)
{
    /// <summary>Adds an entry.</summary>
    public void Add(string? caseId, string actor, string kind, string detail)
    {
        var cmd = Command("INSERT INTO audit (at, case_id, actor, kind, detail) VALUES ($t, $c, $a, $k, $d)");
        Set(cmd, "$t", NowText);
        Set(cmd, "$c", caseId);
        Set(cmd, "$a", actor);
        Set(cmd, "$k", kind);
        Set(cmd, "$d", detail);
        cmd.ExecuteNonQuery();
    }
}
