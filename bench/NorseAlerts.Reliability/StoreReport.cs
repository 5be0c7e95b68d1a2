using Microsoft.Data.Sqlite;

namespace NorseAlerts.Reliability;

/// <summary>Reads, beside the host, what its store says about events, cases and pages, for the suite's checks.</summary>
public sealed class StoreReport : IDisposable
{
    private readonly SqliteConnection connection;

    /// <summary>Opens the store under <paramref name="dataDirectory"/> read-only.</summary>
    public StoreReport(string dataDirectory)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "norsealerts.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
    }

    /// <summary>How many times each event id appears in a case's events or a patient's held events.</summary>
    public Dictionary<string, int> EventOccurrences()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in Strings("""
            SELECT e.value ->> '$.id' FROM cases c, json_each(c.state_json, '$.events') e
            UNION ALL SELECT e.value ->> '$.id' FROM cases c, json_each(c.state_json, '$.lateEvents') e
            UNION ALL SELECT e.value ->> '$.id' FROM patients p, json_each(p.pending_json, '$.events') e WHERE p.pending_json IS NOT NULL
            """))
        {
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }

        return counts;
    }

    /// <summary>Patient keys with more than one case.</summary>
    public IReadOnlyList<string> PatientsWithSeveralCases() =>
        Strings("SELECT patient_key FROM cases GROUP BY patient_key HAVING count(*) > 1");

    /// <summary>Number of cases.</summary>
    public int Cases() => int.Parse(Strings("SELECT count(*) FROM cases")[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pages by alert, each as <c>level:repeat</c> in outbox order.</summary>
    public Dictionary<string, List<string>> PagesByAlert()
    {
        var pages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in Strings("SELECT page_json ->> '$.alert.alertId' || ' ' || (page_json ->> '$.alert.level') || ':' || (page_json ->> '$.alert.repeat') FROM outbox ORDER BY seq"))
        {
            var parts = row.Split(' ');
            if (!pages.TryGetValue(parts[0], out var list))
            {
                pages[parts[0]] = list = [];
            }

            list.Add(parts[1]);
        }

        return pages;
    }

    /// <summary>Pages not yet delivered.</summary>
    public int UnsentPages() => int.Parse(Strings("SELECT count(*) FROM outbox WHERE delivered_at IS NULL")[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first column of every row of <paramref name="sql"/>.</summary>
    public List<string> Strings(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.IsDBNull(0) ? "" : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return list;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        connection.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
