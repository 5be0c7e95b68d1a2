using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The patient directory: which case (or which held events) a patient key has now, and which keys were merged
/// into which (aliases).
/// </summary>
internal sealed class PatientDirectory(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now) : Table(statements, transaction, now)
{
    /// <summary>The stored document of a patient as text: its case's state, or its held events; null for none.</summary>
    internal const string StateSql = "SELECT p.case_id, p.pending_json, c.state_json FROM patients p LEFT JOIN cases c ON c.case_id = p.case_id WHERE p.patient_key = $k";

    /// <summary>The key a patient key was merged into.</summary>
    internal const string AliasSql = "SELECT new_key FROM aliases WHERE old_key = $k";

    /// <summary>The patient key <paramref name="patientKey"/> refers to now, following merges.</summary>
    public string Resolve(string patientKey) => Follow(patientKey, key =>
    {
        var cmd = Command(AliasSql);
        Set(cmd, "$k", key);
        return cmd.ExecuteScalar() as string;
    });

    /// <summary>
    /// Follows merges from <paramref name="patientKey"/> through <paramref name="mergedInto"/> (the key a key was merged
    /// into, or null): a merged key may itself have been merged. At most 16 hops, so a cycle cannot hang a caller.
    /// </summary>
    internal static string Follow(string patientKey, Func<string, string?> mergedInto)
    {
        var key = patientKey;
        for (var hops = 0; hops < 16 && mergedInto(key) is { } next; hops++)
        {
            key = next;
        }

        return key;
    }

    /// <summary>Records that <paramref name="oldKey"/> now means <paramref name="newKey"/>.</summary>
    public void AddAlias(string oldKey, string newKey)
    {
        var cmd = Command("INSERT OR REPLACE INTO aliases (old_key, new_key) VALUES ($o, $n)");
        Set(cmd, "$o", oldKey);
        Set(cmd, "$n", newKey);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The patient's stored document as text (its case's state or its held events), or null.</summary>
    public string? StateText(string patientKey) => ReadStateText(Command(StateSql), patientKey);

    /// <summary>Points a patient at its case, or keeps its held events (<paramref name="pendingJson"/>) while it has none.</summary>
    public void Set(string patientKey, string? caseId, string? pendingJson)
    {
        var cmd = Command("""
            INSERT INTO patients (patient_key, case_id, pending_json) VALUES ($k, $c, $j)
            ON CONFLICT (patient_key) DO UPDATE SET case_id = $c, pending_json = $j
            """);
        Set(cmd, "$k", patientKey);
        Set(cmd, "$c", caseId);
        Set(cmd, "$j", pendingJson);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs <see cref="StateSql"/> (prepared by the caller, in or out of the writer) for one patient.</summary>
    internal static string? ReadStateText(SqliteCommand cmd, string patientKey)
    {
        Set(cmd, "$k", patientKey);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return !r.IsDBNull(2) ? r.GetString(2) : r.IsDBNull(1) ? null : r.GetString(1);
    }
}
